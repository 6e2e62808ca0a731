import { createTransport, registerTransport } from '@switchboard/core';
import { TwilioTransport } from './twilio-transport.js';

export { acceptTwilioStreams, type TwilioStreams, type TwilioStreamsOptions } from './endpoint.js';
export { TwilioProtocolError, TwilioStreamError, type TwilioStreamErrorCode } from './errors.js';
export type { TwilioInbound, TwilioOutbound, TwilioStreamStart } from './media-messages.js';
export type { TwilioTransportConfig } from './options.js';
export { pinPhoneAudio } from './phone-audio.js';
export { PlaybackMarks } from './playback-marks.js';
export { verifyTwilioSignature } from './signature.js';
export {
  TwilioMediaStream,
  type TwilioMediaStreamOptions,
  type TwilioStreamMessage,
} from './twilio-media-stream.js';
export { TwilioTransport, type TwilioTransportOptions } from './twilio-transport.js';
export {
  type StreamTwimlOptions,
  streamTwiml,
  type TwimlWebhook,
  type TwimlWebhookOptions,
  twimlWebhook,
} from './twiml.js';

// Importing the package makes `{ type: 'twilio', stream, realtime }` work with core's createTransport().
registerTransport('twilio', async ({ stream, realtime, voice }) => {
  const inner = await createTransport(realtime);
  return new TwilioTransport({ stream, realtime: inner, ...(voice === undefined ? {} : { voice }) });
});
