import { z } from 'zod';

/**
 * The Twilio Media Streams protocol over its WebSocket (JSON text frames with an `event`). From
 * Twilio: `connected`, `start` (stream metadata, custom parameters, media format), `media` (base64
 * µ-law 8 kHz, 20 ms per frame), `mark` (echo of a mark once the audio before it played, or when a
 * `clear` dropped it), `dtmf` (a key on the inbound track), `stop`. To Twilio (bidirectional
 * `<Connect><Stream>` only): `media`, `mark`, `clear`. Numbers travel as strings.
 */
const sid = z.string().min(1).max(64);
const sequenceNumber = z.string().max(20).optional();

export const ConnectedMessageSchema = z.looseObject({
  event: z.literal('connected'),
  protocol: z.string().optional(),
  version: z.string().optional(),
});

export const StartMessageSchema = z.looseObject({
  event: z.literal('start'),
  sequenceNumber,
  streamSid: sid,
  start: z.looseObject({
    streamSid: sid,
    accountSid: sid,
    callSid: sid,
    tracks: z.array(z.string().max(32)).max(4).default(['inbound']),
    customParameters: z.record(z.string().max(256), z.string().max(1024)).default({}),
    mediaFormat: z.looseObject({
      encoding: z.string().max(64),
      sampleRate: z.number(),
      channels: z.number().default(1),
    }),
  }),
});

export const MediaMessageSchema = z.looseObject({
  event: z.literal('media'),
  sequenceNumber,
  streamSid: sid,
  media: z.looseObject({
    track: z.string().max(32).default('inbound'),
    chunk: z.string().max(20).optional(),
    timestamp: z.string().max(20).optional(),
    payload: z.string().max(64 * 1024),
  }),
});

export const MarkMessageSchema = z.looseObject({
  event: z.literal('mark'),
  sequenceNumber,
  streamSid: sid,
  mark: z.looseObject({ name: z.string().max(256) }),
});

export const DtmfMessageSchema = z.looseObject({
  event: z.literal('dtmf'),
  sequenceNumber,
  streamSid: sid,
  dtmf: z.looseObject({ track: z.string().max(32).optional(), digit: z.string().regex(/^[0-9*#A-D]$/) }),
});

export const StopMessageSchema = z.looseObject({
  event: z.literal('stop'),
  sequenceNumber,
  streamSid: sid,
  stop: z.looseObject({ accountSid: sid.optional(), callSid: sid.optional() }).optional(),
});

/** Any message Twilio sends on a media stream. */
export const TwilioInboundSchema = z.discriminatedUnion('event', [
  ConnectedMessageSchema,
  StartMessageSchema,
  MediaMessageSchema,
  MarkMessageSchema,
  DtmfMessageSchema,
  StopMessageSchema,
]);

export type TwilioInbound = z.infer<typeof TwilioInboundSchema>;
export type TwilioInboundOf<E extends TwilioInbound['event']> = Extract<TwilioInbound, { event: E }>;

/** The stream's metadata, from its `start` message. */
export type TwilioStreamStart = z.infer<typeof StartMessageSchema>['start'];

/** A message the app sends to Twilio. */
export type TwilioOutbound =
  | { readonly event: 'media'; readonly streamSid: string; readonly media: { readonly payload: string } }
  | { readonly event: 'mark'; readonly streamSid: string; readonly mark: { readonly name: string } }
  | { readonly event: 'clear'; readonly streamSid: string };

/** What Twilio accepts from the app, checked by the simulator the way Twilio reads it. */
export const TwilioOutboundSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('media'), streamSid: sid, media: z.object({ payload: z.string() }) }),
  z.object({ event: z.literal('mark'), streamSid: sid, mark: z.object({ name: z.string() }) }),
  z.object({ event: z.literal('clear'), streamSid: sid }),
]);
