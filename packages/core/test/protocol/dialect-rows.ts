/**
 * One row per beta ↔ GA mapping: the same event as each dialect puts it on the wire. The table test
 * checks both directions and both round trips for every row.
 */
export interface DialectRow {
  readonly name: string;
  readonly side: 'server' | 'client';
  readonly beta: Record<string, unknown>;
  readonly ga: Record<string, unknown>;
}

const part = { event_id: 'e1', response_id: 'resp_1', item_id: 'item_2', output_index: 0, content_index: 0 };

const rename = (betaType: string, gaType: string, fields: Record<string, unknown>): DialectRow => ({
  name: `${betaType} ↔ ${gaType}`,
  side: 'server',
  beta: { type: betaType, ...part, ...fields },
  ga: { type: gaType, ...part, ...fields },
});

const betaAssistant = {
  id: 'item_2',
  object: 'realtime.item',
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [
    { type: 'text', text: 'Hello' },
    { type: 'audio', transcript: 'Hello', future: true },
  ],
};
const gaAssistant = {
  ...betaAssistant,
  content: [
    { type: 'output_text', text: 'Hello' },
    { type: 'output_audio', transcript: 'Hello', future: true },
  ],
};
const betaTranscription = {
  id: 'sess_001',
  object: 'realtime.transcription_session',
  input_audio_format: 'pcm16',
  input_audio_transcription: { model: 'gpt-4o-transcribe', prompt: '', language: '' },
  turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 },
  input_audio_noise_reduction: { type: 'near_field' },
  include: ['item.input_audio_transcription.logprobs'],
};
const gaTranscription = {
  type: 'transcription',
  id: 'sess_001',
  object: 'realtime.transcription_session',
  include: ['item.input_audio_transcription.logprobs'],
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'gpt-4o-transcribe', prompt: '', language: '' },
      turn_detection: {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 500,
      },
      noise_reduction: { type: 'near_field' },
    },
  },
};
const tools = [
  { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
];

const betaSession = {
  id: 'sess_1',
  object: 'realtime.session',
  model: 'gpt-4o-realtime-preview',
  modalities: ['text', 'audio'],
  instructions: 'Be brief.',
  voice: 'alloy',
  speed: 1.1,
  input_audio_format: 'pcm16',
  output_audio_format: 'pcm16',
  input_audio_transcription: { model: 'whisper-1' },
  input_audio_noise_reduction: { type: 'near_field' },
  turn_detection: { type: 'server_vad', threshold: 0.5, silence_duration_ms: 200 },
  tools,
  tool_choice: 'auto',
  temperature: 0.8,
  max_response_output_tokens: 'inf',
  tracing: 'auto',
};
const gaSession = {
  type: 'realtime',
  id: 'sess_1',
  object: 'realtime.session',
  model: 'gpt-4o-realtime-preview',
  output_modalities: ['audio'],
  instructions: 'Be brief.',
  audio: {
    input: {
      format: { type: 'audio/pcm', rate: 24000 },
      transcription: { model: 'whisper-1' },
      noise_reduction: { type: 'near_field' },
      turn_detection: { type: 'server_vad', threshold: 0.5, silence_duration_ms: 200 },
    },
    output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1.1 },
  },
  tools,
  tool_choice: 'auto',
  temperature: 0.8,
  max_output_tokens: 'inf',
  tracing: 'auto',
};

export const DIALECT_ROWS: readonly DialectRow[] = [
  rename('response.text.delta', 'response.output_text.delta', { delta: 'Hel' }),
  rename('response.text.done', 'response.output_text.done', { text: 'Hello' }),
  rename('response.audio.delta', 'response.output_audio.delta', { delta: 'UklGRg==' }),
  rename('response.audio.done', 'response.output_audio.done', {}),
  rename('response.audio_transcript.delta', 'response.output_audio_transcript.delta', { delta: 'Hel' }),
  rename('response.audio_transcript.done', 'response.output_audio_transcript.done', { transcript: 'Hello' }),
  {
    name: 'conversation.item.created ↔ conversation.item.added, assistant parts text/audio ↔ output_text/output_audio',
    side: 'server',
    beta: {
      type: 'conversation.item.created',
      event_id: 'e2',
      previous_item_id: 'item_1',
      item: betaAssistant,
    },
    ga: { type: 'conversation.item.added', event_id: 'e2', previous_item_id: 'item_1', item: gaAssistant },
  },
  {
    name: 'session.created: flat beta session ↔ GA audio block',
    side: 'server',
    beta: { type: 'session.created', event_id: 'e3', session: betaSession },
    ga: { type: 'session.created', event_id: 'e3', session: gaSession },
  },
  {
    name: 'session.updated: G.711 formats, text only, turn detection off',
    side: 'server',
    beta: {
      type: 'session.updated',
      event_id: 'e4',
      session: {
        modalities: ['text'],
        input_audio_format: 'g711_ulaw',
        output_audio_format: 'g711_alaw',
        turn_detection: null,
      },
    },
    ga: {
      type: 'session.updated',
      event_id: 'e4',
      session: {
        type: 'realtime',
        output_modalities: ['text'],
        audio: {
          input: { format: { type: 'audio/pcmu' }, turn_detection: null },
          output: { format: { type: 'audio/pcma' } },
        },
      },
    },
  },
  {
    name: 'response.done: modalities, voice, output_audio_format ↔ GA response, output items mapped',
    side: 'server',
    beta: {
      type: 'response.done',
      event_id: 'e5',
      response: {
        id: 'resp_1',
        object: 'realtime.response',
        status: 'completed',
        modalities: ['text', 'audio'],
        voice: 'alloy',
        output_audio_format: 'pcm16',
        max_output_tokens: 'inf',
        output: [betaAssistant, { type: 'function_call', name: 'f', call_id: 'c', arguments: '{}' }],
        usage: { total_tokens: 10 },
      },
    },
    ga: {
      type: 'response.done',
      event_id: 'e5',
      response: {
        id: 'resp_1',
        object: 'realtime.response',
        status: 'completed',
        output_modalities: ['audio'],
        audio: { output: { voice: 'alloy', format: { type: 'audio/pcm', rate: 24000 } } },
        max_output_tokens: 'inf',
        output: [gaAssistant, { type: 'function_call', name: 'f', call_id: 'c', arguments: '{}' }],
        usage: { total_tokens: 10 },
      },
    },
  },
  {
    name: 'response.created: in-progress response, empty output',
    side: 'server',
    beta: {
      type: 'response.created',
      event_id: 'e6',
      response: { id: 'resp_2', status: 'in_progress', output: [], modalities: ['text'] },
    },
    ga: {
      type: 'response.created',
      event_id: 'e6',
      response: { id: 'resp_2', status: 'in_progress', output: [], output_modalities: ['text'] },
    },
  },
  {
    name: 'response.output_item.done: assistant item parts',
    side: 'server',
    beta: {
      type: 'response.output_item.done',
      event_id: 'e7',
      response_id: 'resp_1',
      output_index: 0,
      item: betaAssistant,
    },
    ga: {
      type: 'response.output_item.done',
      event_id: 'e7',
      response_id: 'resp_1',
      output_index: 0,
      item: gaAssistant,
    },
  },
  {
    name: 'conversation.item.retrieved: assistant item parts',
    side: 'server',
    beta: { type: 'conversation.item.retrieved', event_id: 'e8', item: betaAssistant },
    ga: { type: 'conversation.item.retrieved', event_id: 'e8', item: gaAssistant },
  },
  {
    // The shape of the API reference's beta transcription_session.updated example.
    name: 'transcription_session.updated ↔ session.updated with a transcription session',
    side: 'server',
    beta: { type: 'transcription_session.updated', event_id: 'e9', session: betaTranscription },
    ga: { type: 'session.updated', event_id: 'e9', session: gaTranscription },
  },
  {
    name: 'transcription_session.created ↔ session.created, G.711 input, turn detection off',
    side: 'server',
    beta: {
      type: 'transcription_session.created',
      event_id: 'e10',
      session: { id: 'sess_2', input_audio_format: 'g711_ulaw', turn_detection: null, client_secret: null },
    },
    ga: {
      type: 'session.created',
      event_id: 'e10',
      session: {
        type: 'transcription',
        id: 'sess_2',
        client_secret: null,
        audio: { input: { format: { type: 'audio/pcmu' }, turn_detection: null } },
      },
    },
  },
  {
    name: 'transcription_session.update ↔ session.update of a transcription session',
    side: 'client',
    beta: {
      type: 'transcription_session.update',
      session: { input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'en' }, include: [] },
    },
    ga: {
      type: 'session.update',
      session: {
        type: 'transcription',
        include: [],
        audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en' } } },
      },
    },
  },
  {
    name: 'session.update: flat beta session ↔ GA session',
    side: 'client',
    beta: { type: 'session.update', event_id: 'c1', session: betaSession },
    ga: { type: 'session.update', event_id: 'c1', session: gaSession },
  },
  {
    name: 'conversation.item.create: assistant text part',
    side: 'client',
    beta: {
      type: 'conversation.item.create',
      item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Earlier answer' }] },
    },
    ga: {
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Earlier answer' }],
      },
    },
  },
  {
    name: 'response.create: modalities, voice, output_audio_format, max_response_output_tokens, input items',
    side: 'client',
    beta: {
      type: 'response.create',
      response: {
        conversation: 'none',
        metadata: { topic: 'summary' },
        instructions: 'Summarize.',
        modalities: ['text', 'audio'],
        voice: 'verse',
        output_audio_format: 'g711_ulaw',
        max_response_output_tokens: 200,
        temperature: 0.7,
        input: [
          { type: 'item_reference', id: 'item_1' },
          { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'x' }] },
        ],
        tools,
      },
    },
    ga: {
      type: 'response.create',
      response: {
        conversation: 'none',
        metadata: { topic: 'summary' },
        instructions: 'Summarize.',
        output_modalities: ['audio'],
        audio: { output: { voice: 'verse', format: { type: 'audio/pcmu' } } },
        max_output_tokens: 200,
        temperature: 0.7,
        input: [
          { type: 'item_reference', id: 'item_1' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'x' }] },
        ],
        tools,
      },
    },
  },
];

/** Events that are the same in both dialects: every mapping must return them unchanged. */
export const SAME_IN_BOTH: readonly Record<string, unknown>[] = [
  { type: 'error', event_id: 'e', error: { type: 'invalid_request_error', message: 'bad', param: null } },
  { type: 'input_audio_buffer.speech_started', event_id: 'e', item_id: 'i', audio_start_ms: 10 },
  {
    type: 'response.function_call_arguments.done',
    event_id: 'e',
    response_id: 'r',
    item_id: 'i',
    output_index: 0,
    call_id: 'c',
    arguments: '{}',
  },
  { type: 'response.content_part.added', ...part, part: { type: 'audio', transcript: '' } },
  {
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
  },
  { type: 'input_audio_buffer.append', audio: 'AAAA' },
  { type: 'response.cancel' },
  { type: 'response.create' },
  { type: 'rate_limits.updated', event_id: 'e', rate_limits: [] },
];
