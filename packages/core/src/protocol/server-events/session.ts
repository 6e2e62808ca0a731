import { z } from 'zod';
import {
  AudioConfigSchema,
  AudioInputConfigSchema,
  AudioTranscriptionSchema,
  SessionConfigSchema,
  TranscriptionSessionConfigSchema,
} from '../session.js';
import { serverBase } from './common.js';

/**
 * `audio.input.transcription` as the server reports it: the API fills the fields a client left out
 * with `null` (`{ model: 'whisper-1', language: 'en', prompt: null }`), which `session.update` may not send.
 */
const ReportedTranscriptionSchema = AudioTranscriptionSchema.extend({
  language: z.string().nullish(),
  prompt: z.string().nullish(),
});

const ReportedAudioInputSchema = AudioInputConfigSchema.extend({
  transcription: ReportedTranscriptionSchema.nullish(),
});

/**
 * The session as `session.created` / `session.updated` report it: a {@link SessionConfigSchema} or a
 * `TranscriptionSessionConfigSchema`, with the `null`s the API sends where a client sends nothing.
 *
 * @example
 * ```ts
 * import { ReportedSessionSchema } from '@switchboard/core/protocol';
 *
 * ReportedSessionSchema.parse({ type: 'realtime', audio: { input: { transcription: { model: 'whisper-1', prompt: null } } } });
 * ```
 */
export const ReportedSessionSchema = z.discriminatedUnion('type', [
  SessionConfigSchema.extend({
    audio: AudioConfigSchema.extend({ input: ReportedAudioInputSchema.optional() }).optional(),
  }),
  TranscriptionSessionConfigSchema.extend({
    audio: z.looseObject({ input: ReportedAudioInputSchema.optional() }).optional(),
  }),
]);
/** See {@link ReportedSessionSchema}. */
export type ReportedSession = z.infer<typeof ReportedSessionSchema>;

/**
 * The `error` payload: `type` and `message` always, `code`, `param` and the `event_id` of the client
 * event that caused it when known.
 */
export const RealtimeErrorSchema = z.looseObject({
  type: z.string(),
  message: z.string(),
  code: z.string().nullish(),
  param: z.string().nullish(),
  event_id: z.string().nullish(),
});
/** See `RealtimeErrorSchema`. */
export type RealtimeError = z.infer<typeof RealtimeErrorSchema>;

/** `error`: the server rejected something; the session usually stays open. */
export const ErrorEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('error'),
  error: RealtimeErrorSchema,
});

/** `session.created`: the first event of every connection, with the effective configuration. */
export const SessionCreatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('session.created'),
  session: ReportedSessionSchema,
});

/** `session.updated`: the effective configuration after a `session.update`. */
export const SessionUpdatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('session.updated'),
  session: ReportedSessionSchema,
});

/** `conversation.created`: the conversation of the session exists (listed by the GA types, rarely sent). */
export const ConversationCreatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.created'),
  conversation: z.looseObject({ id: z.string().optional(), object: z.string().optional() }),
});

/** `rate_limits.updated`: remaining requests / tokens, sent after each response. */
export const RateLimitsUpdatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('rate_limits.updated'),
  rate_limits: z.array(
    z.looseObject({
      name: z.string().optional(),
      limit: z.number().optional(),
      remaining: z.number().optional(),
      reset_seconds: z.number().optional(),
    }),
  ),
});
