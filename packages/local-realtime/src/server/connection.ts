import {
  type DialectName,
  decodeJson,
  GA_ONLY_SERVER_EVENT_TYPES,
  getDialect,
  isRecord,
} from '@switchboard/core/protocol';
import type { WebSocket } from 'ws';
import { LocalSession, type LocalSessionOptions } from '../session/local-session.js';
import { SocketFlow } from './socket-flow.js';

/** Options of {@link attachConnection}. */
export interface ConnectionOptions {
  /** Which dialect the client speaks (`beta` for `OpenAI-Beta: realtime=v1`). */
  readonly dialect: DialectName;
  readonly session: LocalSessionOptions;
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
    outputReady: () => flow.ready(),
  } as const;
  const session = new LocalSession(sessionOptions, (event) => {
    if (beta && GA_ONLY_SERVER_EVENT_TYPES.has(event.type)) return;
    const wire = dialect.serverEventFromCanonical(event);
    if (log && !String(wire.type).endsWith('.delta')) log(`${session.id} ← ${String(wire.type)}`);
    flow.send(JSON.stringify(wire));
  });
  socket.on('close', () => {
    session.close();
    log?.(`${session.id} closed`);
  });
  // A socket error is followed by 'close'; listening keeps ws from throwing it at the server.
  socket.on('error', () => {});
  session.start();
  return session;
}
