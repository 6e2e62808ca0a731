import { startVoiceServer } from './server.js';

const port = Number(process.env.PORT ?? 3000);
const server = await startVoiceServer({ port });
console.log(`Switchboard browser-voice demo: open ${server.url}`);
console.log(`Realtime API: ${server.realtimeBaseURL}`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
