import { createTransport, type RealtimeTransport, type TransportConfig } from '@switchboard/core';
import { SipTransport } from '@switchboard/transport-sip';
import type OpenAI from 'openai';
import type { CallAttach } from '../call-record.js';
import { ClusterOptionError } from '../errors.js';

/** How a worker reaches the model: what it needs for each kind of call. */
export interface WorkerModel {
  /**
   * The transport of a `websocket` call: a config for core's `createTransport` (e.g.
   * `{ type: 'websocket', url }`; import its package) or a function making the transport.
   */
  readonly websocket?: TransportConfig | (() => RealtimeTransport | Promise<RealtimeTransport>);
  /** The official client, for `sip` and `sideband` calls: its key and base URL reach the call's control socket. */
  readonly client?: OpenAI;
}

/**
 * The transport to the conversation of a call. A `sip` or `sideband` call is reached by its call id
 * over a control socket whose `close()` leaves the call on (another worker attaches next), so only
 * `hangup()` ends it.
 */
export async function attachTransport(attach: CallAttach, model: WorkerModel): Promise<RealtimeTransport> {
  if (attach.type === 'websocket') {
    const websocket = model.websocket;
    if (!websocket)
      throw new ClusterOptionError(
        'model.websocket',
        undefined,
        'a transport config or factory for websocket calls',
      );
    return typeof websocket === 'function' ? websocket() : createTransport(websocket);
  }
  if (!model.client)
    throw new ClusterOptionError('model.client', undefined, `an OpenAI client for ${attach.type} calls`);
  return new SipTransport({ callId: attach.callId, client: model.client, keepCallOnClose: true });
}
