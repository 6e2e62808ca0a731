import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { rms } from '../../src/index.js';
import { OpusDecoder, OpusEncoder } from '../../src/webrtc/opus.js';

/** Peers made by {@link browserPeer}, for the test's cleanup. */
export const peers: RTCPeerConnection[] = [];

/** A browser stand-in: microphone track, `oai-events`, and what arrives on both. */
export async function browserPeer() {
  const peer = new RTCPeerConnection({
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })] },
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
  peers.push(peer);
  const microphone = new MediaStreamTrack({ kind: 'audio' });
  const transceiver = peer.addTransceiver(microphone, { direction: 'sendrecv' });
  const channel = peer.createDataChannel('oai-events');
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  channel.onMessage.subscribe((data) => {
    events.push(JSON.parse(String(data)));
    for (const waiter of waiters.splice(0)) waiter();
  });
  const heard = { packets: 0, loudFrames: 0 };
  const decoder = new OpusDecoder();
  transceiver.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((rtp) => {
      heard.packets += 1;
      if (rms(decoder.decode(rtp.payload)) > 0.01) heard.loudFrames += 1;
    }),
  );
  const offer = await peer.createOffer();
  for (const transport of peer.iceTransports) transport.connection.stunServer = undefined;
  await peer.setLocalDescription(offer);
  const opened = new Promise<void>((resolve) =>
    channel.stateChanged.subscribe((state) => state === 'open' && resolve()),
  );
  return {
    peer,
    channel,
    events,
    heard,
    offer: peer.localDescription?.sdp ?? '',
    async answer(sdp: string) {
      await peer.setRemoteDescription({ type: 'answer', sdp });
      await opened;
    },
    send: (event: unknown) => channel.send(JSON.stringify(event)),
    /** Resolves with the first event of `type` (among those received so far or later). */
    async next(type: string, from = 0): Promise<Record<string, unknown>> {
      for (;;) {
        const found = events.slice(from).find((event) => event.type === type);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    /** Streams PCM16 24 kHz as 20 ms Opus packets, in real time. */
    async speak(samples: Int16Array) {
      const encoder = new OpusEncoder();
      for (let offset = 0, frame = 1; offset < samples.length; offset += 480, frame++) {
        const header = new RtpHeader({ sequenceNumber: frame, timestamp: frame * 960, payloadType: 111 });
        microphone.writeRtp(new RtpPacket(header, encoder.encode(samples.subarray(offset, offset + 480))));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      encoder.dispose();
    },
  };
}

/** Posts an SDP offer (or a multipart form) to a calls endpoint. */
export async function postOffer(url: string, body: BodyInit, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}
