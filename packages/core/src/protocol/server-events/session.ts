import { z } from 'zod';
import { AnySessionConfigSchema } from '../session.js';
import { serverBase } from './common.js';

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
/** See {@link RealtimeErrorSchema}. */
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
  session: AnySessionConfigSchema,
});

/** `session.updated`: the effective configuration after a `session.update`. */
export const SessionUpdatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('session.updated'),
  session: AnySessionConfigSchema,
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
