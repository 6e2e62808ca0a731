import {
  type DialectName,
  decodeJson,
  GA_ONLY_SERVER_EVENT_TYPES,
  getDialect,
  isRecord,
} from '@switchboard/core/protocol';
import type { WebSocket } from 'ws';
import { ConnectionFaults } from '../faults/connection-faults.js';
import type { FaultController } from '../faults/fault-controller.js';
import { sessionExpiredMessage } from '../session/limits.js';
import { LocalSession, type LocalSessionOptions } from '../session/local-session.js';
import { SocketFlow } from './socket-flow.js';

/** Options of {@link attachConnection}. */
export interface ConnectionOptions {
  /** Which dialect the client speaks (`beta` for `OpenAI-Beta: realtime=v1`). */
  readonly dialect: DialectName;
  readonly session: LocalSessionOptions;
  /** The session's maximum duration: then it expires as the API's does (`session_expired`, close 1001). */
  readonly maxSessionMs: number;
  /** The server's fault injection, which arms this connection's faults. */
  readonly faults?: FaultController;
  readonly log?: (line: string) => void;
}

/**
 * Binds a WebSocket to a new {@link LocalSession}: text frames are decoded and mapped from the
 * client's dialect to the canonical form; server events are mapped back (a beta client never gets
 * the GA-only events, such as `conversation.item.done`). Sends `session.created` at once. Output
 * has backpressure ({@link SocketFlow}): a client that stops reading pauses its responses and
 * is no longer read from, instead of growing the server's memory.
 */
export function attachConnection(socket: WebSocket, options: ConnectionOptions): LocalSession {
  const dialect = getDialect(options.dialect);
  const beta = options.dialect === 'beta';
  const log = options.log;
  const flow = new SocketFlow(socket, (text) => {
    const decoded = decodeJson(text);
    const event = isRecord(decoded) ? dialect.clientEventToCanonical(decoded) : decoded;
    if (log && isRecord(event) && event.type !== 'input_audio_buffer.append')
      log(`${session.id} → ${String(event.type)}`);
    session.handle(event);
  });
  const sessionOptions = {
    ...options.session,
    transport: 'websocket',
    maxDurationSeconds: Math.ceil(options.maxSessionMs / 1000),
    outputReady: () => flow.ready(),
  } as const;
  const faults = new ConnectionFaults({
    get sessionId() {
      return session.id;
    },
    deliver: (event) => {
      if (beta && GA_ONLY_SERVER_EVENT_TYPES.has(event.type)) return;
      const wire = dialect.serverEventFromCanonical(event);
      if (log && !String(wire.type).endsWith('.delta')) log(`${session.id} ← ${String(wire.type)}`);
      flow.send(JSON.stringify(wire));
    },
    drop: (close) => (close ? socket.close(close.code, close.reason) : socket.terminate()),
    failResponse: (nth, failure) => session.failResponse(nth, failure),
    expiredMessage: () => sessionExpiredMessage(options.maxSessionMs),
    fired: (fired) => {
      log?.(`${session.id} fault ${fired.fault.kind}${fired.event ? ` at ${fired.event}` : ''}`);
      options.faults?.record(fired);
    },
  });
  const session = new LocalSession(sessionOptions, (event) => faults.emit(event));
  const cap = setTimeout(() => faults.expire(), options.maxSessionMs);
  socket.on('close', () => {
    clearTimeout(cap);
    faults.close();
    options.faults?.detach(faults);
    session.close();
    log?.(`${session.id} closed`);
  });
  // A socket error is followed by 'close'; listening keeps ws from throwing it at the server.
  socket.on('error', () => {});
  options.faults?.attach(faults);
  session.start();
  return session;
}
