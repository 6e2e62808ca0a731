export { OutputAudioPlayer, type PlayerEvents } from './audio-out.js';
export { RtcCall, type RtcCallOptions } from './call.js';
export type { CallSession } from './call-session.js';
export { WebRtcCalls, type WebRtcCallsOptions } from './calls-http.js';
export { OpusDecoder, OpusEncoder } from './opus.js';
export { type AnsweredPeer, answerOffer, SdpOfferError } from './peer.js';
