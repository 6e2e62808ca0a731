export { OutputAudioPlayer, type PlayerEvents } from './audio-out.js';
export { type CallSession, RtcCall, type RtcCallOptions } from './call.js';
export { WebRtcCalls, type WebRtcCallsOptions } from './calls-http.js';
export { OpusDecoder, OpusEncoder } from './opus.js';
export { type AnsweredPeer, answerOffer, SdpOfferError } from './peer.js';
