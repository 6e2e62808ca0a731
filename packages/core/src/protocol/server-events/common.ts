import { z } from 'zod';
import { StreamIndexSchema } from '../stream-index.js';

/** Every server event carries a server-assigned `event_id`. */
export const serverBase = { event_id: z.string() };

/** Fields of events that stream part of one response's output item. */
export const responseItemBase = {
  event_id: z.string(),
  response_id: z.string(),
  item_id: z.string(),
  output_index: StreamIndexSchema,
};

/** Fields of events that stream one content part of an output item. */
export const contentPartBase = { ...responseItemBase, content_index: StreamIndexSchema };

/** Log probabilities of transcription tokens (when `include` asks for them). */
export const LogProbSchema = z.looseObject({
  token: z.string(),
  bytes: z.array(z.number()),
  logprob: z.number(),
});
