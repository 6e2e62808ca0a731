import type { CloseReason } from '@switchboard/core';
import type { HangupCode } from '../relay-protocol.js';

const NOTICES: Readonly<Record<HangupCode, string>> = {
  ended: 'the call was ended',
  refused: 'the realtime service refused the call',
  expired: 'the realtime session expired',
  failed: 'the call could not go on',
};

/**
 * What the browser is told when the server ends a call: a code and a generic sentence. The close
 * reason itself can carry the API's error text (with a masked key, issue 10), so it stays on the
 * server: in the transport's status and `errors$`.
 */
export function hangupNotice(reason: CloseReason): { code: HangupCode; reason: string } {
  const code: HangupCode =
    reason.kind === 'client'
      ? 'ended'
      : reason.kind === 'auth_failed'
        ? 'refused'
        : reason.kind === 'session_expired'
          ? 'expired'
          : 'failed';
  return { code, reason: NOTICES[code] };
}
