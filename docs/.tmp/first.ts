import '@switchboard/local-realtime/transport';
import '@switchboard/transport-websocket';
import { createTransport, defineAgent, RealtimeSession } from '@switchboard/core';

const assistant = defineAgent({
  name: 'Assistant',
  instructions: 'You are a helpful assistant. Keep answers short.',
  session: { output_modalities: ['text'] },
});

const session = new RealtimeSession({
  agent: assistant,
  context: {},
  transport: await createTransport({ type: 'local' }),
});
await session.connect();
const result = await session.sendText('Hello!').done;
console.log(result.status, result.text);
await session.close();
