import { recordingFolder } from '@switchboard/example-triage-swarm/src/recording.js';
import { startVoiceServer } from './server.js';

const port = Number(process.env.PORT ?? 3000);
const server = await startVoiceServer({ port });
console.log(`Switchboard browser-voice demo: open ${server.url}`);
console.log(`Realtime API: ${server.realtimeBaseURL}`);
const recordings = recordingFolder();
if (recordings)
  console.log(`Recording each call to ${recordings} (see one: pnpm switchboard inspect <file>)`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
