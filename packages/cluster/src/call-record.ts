import { InvalidAttachError } from './errors.js';

/**
 * How a worker reaches the conversation of a call:
 * - `websocket`: it opens a new realtime session (the worker's `model` transport) and the app talks to
 *   it through the call's streams (`ClusterCall.sendText`, `events`); after a failover, a new session
 *   with the history restored.
 * - `sip` / `sideband`: the call lives on the API side (a phone call accepted through the SIP webhook,
 *   a browser WebRTC call in sideband mode); the worker attaches a control socket by `callId`, and so
 *   does the next one after a failover.
 */
export type CallAttach =
  | { readonly type: 'websocket' }
  | { readonly type: 'sip'; readonly callId: string }
  | { readonly type: 'sideband'; readonly callId: string };

/** A call as it travels in the calls stream. */
export interface CallRecord {
  /** The cluster's id of the call. */
  readonly id: string;
  readonly swarm: string;
  /** The context's JSON, checked at dispatch. */
  readonly context: string;
  readonly attach: CallAttach;
  /** When it was dispatched (ms since the epoch). */
  readonly dispatchedAt: number;
}

/** `attach` as given to `dispatch`, checked. */
export function checkedAttach(attach: unknown): CallAttach {
  if (attach === undefined) return { type: 'websocket' };
  const value = attach as { type?: unknown; callId?: unknown } | null;
  if (value?.type === 'websocket') return { type: 'websocket' };
  if (
    (value?.type === 'sip' || value?.type === 'sideband') &&
    typeof value.callId === 'string' &&
    value.callId !== ''
  )
    return { type: value.type, callId: value.callId };
  throw new InvalidAttachError(attach);
}

/** The call in a stream entry's fields, or `undefined` for an entry that is not one. */
export function readCallRecord(fields: readonly string[]): CallRecord | undefined {
  const at = fields.indexOf('call');
  const text = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as CallRecord;
    if (
      typeof record.id !== 'string' ||
      typeof record.swarm !== 'string' ||
      typeof record.context !== 'string'
    )
      return undefined;
    checkedAttach(record.attach);
    return record;
  } catch {
    return undefined;
  }
}
