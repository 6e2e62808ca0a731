/** The offer is not one this server can answer (no audio, no data channel, unparsable). */
export class SdpOfferError extends Error {
  override readonly name = 'SdpOfferError';
}

/**
 * Checks, from the text alone, that an SDP offer can make a call: Opus audio, an SCTP data channel,
 * ICE credentials and a DTLS fingerprint. An offer that fails here is refused before any peer, UDP
 * socket or codec exists (issue 10: junk that negotiated nothing became a call that could never
 * connect and held its sockets until the setup timeout).
 */
export function checkOffer(sdp: string): void {
  if (!/^v=0\r?$/m.test(sdp.split('\n', 1)[0] ?? ''))
    throw new SdpOfferError('the body is not an SDP offer (it must start with v=0)');
  const [session = '', ...media] = sdp.split(/^(?=m=)/m);
  const audio = media.find((section) => section.startsWith('m=audio '));
  if (!audio) throw new SdpOfferError('the offer has no audio m-line (the call needs the microphone track)');
  const data = media.find((section) => section.startsWith('m=application '));
  if (!data || !/webrtc-datachannel/.test(firstLine(data))) {
    throw new SdpOfferError('the offer has no data channel (open one named "oai-events" before the offer)');
  }
  if (!hasOpus(audio))
    throw new SdpOfferError('the offer has no Opus audio (a=rtpmap:<pt> opus/48000/2) to answer with');
  if (!/^a=(?:sctp-port|sctpmap):/m.test(data))
    throw new SdpOfferError('the data channel m-line has no SCTP port');
  for (const section of [audio, data]) {
    for (const [attribute, why] of [
      ['ice-ufrag', 'ICE credentials'],
      ['ice-pwd', 'ICE credentials'],
      ['fingerprint', 'a DTLS fingerprint'],
    ] as const) {
      const line = new RegExp(`^a=${attribute}:\\S`, 'm');
      if (!line.test(section) && !line.test(session)) {
        throw new SdpOfferError(
          `the offer has no ${why} (a=${attribute}) for ${firstLine(section).split(' ')[0]}`,
        );
      }
    }
  }
}

function firstLine(section: string): string {
  return section.split(/\r?\n/, 1)[0] ?? '';
}

/** Whether an audio section offers Opus at 48 kHz on one of its m-line's payload types. */
function hasOpus(audio: string): boolean {
  const payloadTypes = new Set(firstLine(audio).split(' ').slice(3));
  const opus = /^a=rtpmap:(\d+) opus\/48000/gim;
  for (let match = opus.exec(audio); match; match = opus.exec(audio)) {
    if (payloadTypes.has(match[1] as string)) return true;
  }
  return false;
}
