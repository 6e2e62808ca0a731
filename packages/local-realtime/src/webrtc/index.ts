export { OutputAudioPlayer, type PlayerEvents } from './audio-out.js';
export { RtcCall, type RtcCallOptions } from './call.js';
export type { CallSession } from './call-session.js';
export { WebRtcCalls, type WebRtcCallsOptions } from './calls-http.js';
export { checkOffer, SdpOfferError } from './offer-check.js';
export { OpusDecoder, OpusEncoder } from './opus.js';
export { type AnsweredPeer, answerOffer } from './peer.js';
