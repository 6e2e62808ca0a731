import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from 'werift';
import { checkOffer, SdpOfferError } from './offer-check.js';

/** A peer connection that answered a browser's offer, with the track the model speaks on. */
export interface AnsweredPeer {
  readonly peer: RTCPeerConnection;
  /** The answer SDP, with this side's ICE candidates in it (no trickling). */
  readonly answer: string;
  /** Write Opus RTP here (werift sets payload type and SSRC): it is the call's outgoing audio. */
  readonly output: MediaStreamTrack;
  /** The browser's microphone: the track(s) seen while answering (RTP flows once connected). */
  readonly input: readonly MediaStreamTrack[];
  /** Later tracks, if the browser adds one (rare: the microphone is in the offer). */
  readonly transceiver: RTCRtpTransceiver;
}

/** A pure-TypeScript WebRTC peer (werift): Opus audio only, host candidates, no STUN or TURN. */
function createPeer(): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })] },
    iceServers: [],
    // Loopback is not gathered by default; a local server's browsers are usually on this machine.
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
}

/**
 * Answers a browser's SDP offer (one audio m-line, one `application` m-line for the data channel):
 * audio both ways as Opus, and the data channel the browser opens. Resolves once local candidates
 * are gathered, so the answer is complete.
 */
export async function answerOffer(offer: string): Promise<AnsweredPeer> {
  checkOffer(offer);
  const peer = createPeer();
  try {
    const output = new MediaStreamTrack({ kind: 'audio' });
    const transceiver = peer.addTransceiver(output, { direction: 'sendrecv' });
    // The microphone's track is announced while the offer is applied: catch it here.
    const input: MediaStreamTrack[] = [];
    transceiver.onTrack.subscribe((track) => input.push(track));
    await peer.setRemoteDescription({ type: 'offer', sdp: offer });
    // werift asks a public STUN server for a reflexive candidate unless told otherwise, which costs
    // seconds without a network; a local server needs host candidates only.
    for (const transport of peer.iceTransports) transport.connection.stunServer = undefined;
    await peer.setLocalDescription(await peer.createAnswer());
    const answer = peer.localDescription?.sdp;
    const opus = transceiver.codecs.some((codec) => codec.mimeType.toLowerCase() === 'audio/opus');
    if (!answer || !opus) throw new SdpOfferError('the offer has no Opus audio this server can answer');
    return { peer, answer, output, input, transceiver };
  } catch (error) {
    await peer.close().catch(() => {});
    if (error instanceof SdpOfferError) throw error;
    throw new SdpOfferError(
      `the offer could not be answered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
