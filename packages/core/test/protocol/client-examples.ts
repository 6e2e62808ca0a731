/** One realistic GA example per client event type. */
import type { ClientEvent, ClientEventType } from '../../src/protocol/index.js';

export const CLIENT_EXAMPLES: { readonly [T in ClientEventType]: Extract<ClientEvent, { type: T }> } = {
  'session.update': {
    type: 'session.update',
    event_id: 'client_1',
    session: { type: 'realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' } } },
  },
  'input_audio_buffer.append': { type: 'input_audio_buffer.append', audio: 'AAAA' },
  'input_audio_buffer.commit': { type: 'input_audio_buffer.commit' },
  'input_audio_buffer.clear': { type: 'input_audio_buffer.clear' },
  'conversation.item.create': {
    type: 'conversation.item.create',
    previous_item_id: 'item_1',
    item: { type: 'function_call_output', call_id: 'call_1', output: '{"temp":12}' },
  },
  'conversation.item.retrieve': { type: 'conversation.item.retrieve', item_id: 'item_2' },
  'conversation.item.truncate': {
    type: 'conversation.item.truncate',
    item_id: 'item_2',
    content_index: 0,
    audio_end_ms: 1500,
  },
  'conversation.item.delete': { type: 'conversation.item.delete', item_id: 'item_2' },
  'response.create': {
    type: 'response.create',
    response: {
      conversation: 'none',
      metadata: { topic: 'summary' },
      output_modalities: ['text'],
      input: [
        { type: 'item_reference', id: 'item_1' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Summarize.' }] },
      ],
    },
  },
  'response.cancel': { type: 'response.cancel', response_id: 'resp_1' },
  'output_audio_buffer.clear': { type: 'output_audio_buffer.clear', event_id: 'client_2' },
};
