/** Shared, realistic GA building blocks for the protocol tests' example events. */
import type {
  AssistantMessageItem,
  FunctionCallItem,
  SessionConfig,
  UserMessageItem,
} from '../../src/protocol/index.js';

export const part = {
  event_id: 'event_9',
  response_id: 'resp_1',
  item_id: 'item_2',
  output_index: 0,
  content_index: 0,
};
export const userItem: UserMessageItem = {
  id: 'item_1',
  object: 'realtime.item',
  type: 'message',
  status: 'completed',
  role: 'user',
  content: [{ type: 'input_audio', transcript: 'What is the weather in Oslo?' }],
};
export const assistantItem: AssistantMessageItem = {
  id: 'item_2',
  object: 'realtime.item',
  type: 'message',
  status: 'completed',
  role: 'assistant',
  content: [{ type: 'output_audio', transcript: 'Let me check.' }],
};
export const callItem: FunctionCallItem = {
  id: 'item_3',
  object: 'realtime.item',
  type: 'function_call',
  status: 'completed',
  name: 'get_weather',
  call_id: 'call_1',
  arguments: '{"city":"Oslo"}',
};
export const usage = {
  total_tokens: 253,
  input_tokens: 132,
  output_tokens: 121,
  input_token_details: {
    text_tokens: 119,
    audio_tokens: 13,
    cached_tokens: 64,
    cached_tokens_details: { text_tokens: 64 },
  },
  output_token_details: { text_tokens: 30, audio_tokens: 91 },
};
export const gaSession: SessionConfig = {
  type: 'realtime',
  id: 'sess_1',
  object: 'realtime.session',
  model: 'gpt-realtime',
  output_modalities: ['audio'],
  instructions: 'You are a helpful assistant.',
  tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
  tool_choice: 'auto',
  max_output_tokens: 'inf',
  tracing: null,
  truncation: 'auto',
  prompt: null,
  expires_at: 1_756_324_625,
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-mini-transcribe' },
      noise_reduction: null,
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 200,
        idle_timeout_ms: null,
        create_response: true,
        interrupt_response: true,
      },
    },
    output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
  },
};

/** A GA example of every server event type. */
