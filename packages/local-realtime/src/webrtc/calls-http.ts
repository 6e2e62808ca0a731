import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type DialectName, parseClientEvent, type ServerEvent } from '@switchboard/core/protocol';
import type { WebSocketServer } from 'ws';
import { authenticate, type HttpError, httpError, readCredentials } from '../server/auth.js';
import { rejectUpgrade } from '../server/http-routes.js';
import type { AuthRequirement } from '../server/options.js';
import type { SecretStore } from '../server/secret-store.js';
import { RtcCall } from './call.js';
import type { CallSession } from './call-session.js';
import { answerOffer, SdpOfferError } from './peer.js';

/** What the WebRTC routes need from the server they are mounted on. */
export interface WebRtcCallsOptions {
  readonly secrets: SecretStore;
  readonly requireAuth: AuthRequirement | undefined;
  /** Models used when neither the URL nor the session names one. */
  readonly defaults: { readonly model: string; readonly betaModel: string };
  /**
   * Makes the session of a new call. `layers` are the call's own settings, applied in order over the
   * server's: the client secret's session, then the `session` part of a multipart offer.
   */
  readonly createSession: (input: {
    readonly model: string;
    readonly layers: readonly Readonly<Record<string, unknown>>[];
    readonly emit: (event: ServerEvent) => void;
  }) => CallSession;
  readonly log?: (line: string) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, openai-beta',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-expose-headers': 'location',
};
const CALLS = /^\/(?:openai\/)?v1\/realtime\/calls$/;
const HANGUP = /^\/(?:openai\/)?v1\/realtime\/calls\/([^/]+)\/hangup$/;
const BETA_SDP = /^\/(?:openai\/)?v1\/realtime$/;

type Route =
  | { readonly kind: 'create'; readonly dialect: DialectName }
  | { readonly kind: 'hangup'; readonly callId: string };

/**
 * The WebRTC side of the local server: `POST /v1/realtime/calls` (GA: `application/sdp` with a
 * client secret, or the server's `multipart/form-data` with `sdp` and `session`), the beta form
 * (`POST /v1/realtime?model=…` with `application/sdp`), `POST /v1/realtime/calls/{id}/hangup`, and
 * the calls that `?call_id=` sideband sockets attach to.
 */
export class WebRtcCalls {
  readonly #calls = new Map<string, RtcCall>();
  readonly #options: WebRtcCallsOptions;

  constructor(options: WebRtcCallsOptions) {
    this.#options = options;
  }

  /** Calls in progress. */
  get size(): number {
    return this.#calls.size;
  }

  /** The call with this id, if it is in progress. */
  get(callId: string): RtcCall | undefined {
    return this.#calls.get(callId);
  }

  /** Whether the request is one of these routes (an SDP `POST`). */
  matches(request: IncomingMessage): boolean {
    return request.method === 'POST' && routeOf(request) !== undefined;
  }

  /** Answers one of these routes; never throws (errors are the API's JSON error bodies). */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const route = routeOf(request);
      if (!route) throw httpError(404, `Invalid URL (${request.method} ${request.url})`);
      const url = new URL(request.url ?? '/', 'http://localhost');
      const auth = await authenticate(
        readCredentials(request, url),
        this.#options.secrets,
        this.#options.requireAuth,
      );
      if (!auth.ok) throw auth.error;
      if (route.kind === 'hangup') return this.#hangUp(route.callId, response);
      const body = await readBody(request);
      const offer = await parseOffer(request, body);
      const layers = [auth.secret?.session, offer.session].filter((layer) => layer !== undefined);
      const named = [...layers].reverse().find((layer) => typeof layer.model === 'string')?.model;
      const model =
        url.searchParams.get('model') ??
        (typeof named === 'string' ? named : undefined) ??
        (route.dialect === 'beta' ? this.#options.defaults.betaModel : this.#options.defaults.model);
      const call = await this.#create(offer.sdp, route.dialect, model, layers);
      response.writeHead(201, {
        'content-type': 'application/sdp',
        location: `/v1/realtime/calls/${call.id}`,
        ...CORS,
      });
      response.end(call.answer);
    } catch (error) {
      const failure = isHttpError(error)
        ? error
        : error instanceof SdpOfferError
          ? httpError(400, error.message, 'invalid_offer', 'sdp')
          : httpError(500, `Internal error: ${String(error)}`, null, null, 'server_error');
      const text = JSON.stringify(failure.body);
      response.writeHead(failure.status, { 'content-type': 'application/json', ...CORS });
      response.end(text);
    }
  }

  /**
   * A `?call_id=` upgrade: authenticates like any connection, then attaches the socket to the call
   * (404 when there is no such call).
   */
  async upgrade(
    callId: string,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    wss: WebSocketServer,
  ) {
    const call = this.#calls.get(callId);
    if (!call)
      return rejectUpgrade(
        socket,
        httpError(404, `No call with id '${callId}'.`, 'call_not_found', 'call_id'),
      );
    const url = new URL(request.url ?? '/', 'http://localhost');
    const auth = await authenticate(
      readCredentials(request, url),
      this.#options.secrets,
      this.#options.requireAuth,
    );
    if (!auth.ok) return rejectUpgrade(socket, auth.error);
    wss.handleUpgrade(request, socket, head, (ws) => {
      call.attachSideband(ws);
      this.#options.log?.(`${callId} sideband socket attached`);
    });
  }

  /** Ends every call (the server is closing). */
  closeAll(): void {
    for (const call of [...this.#calls.values()]) call.close('server shutting down');
  }

  async #create(
    sdp: string,
    dialect: DialectName,
    model: string,
    layers: Readonly<Record<string, unknown>>[],
  ) {
    const answered = await answerOffer(sdp);
    const id = `rtc_${randomBytes(12).toString('hex')}`;
    const options = this.#options;
    const call = new RtcCall(answered, {
      id,
      dialect,
      log: options.log,
      createSession: (emit) => options.createSession({ model, layers, emit }),
      onClosed: (closed) => this.#calls.delete(closed.id),
    });
    this.#calls.set(id, call);
    options.log?.(`${id} WebRTC call (${dialect}, ${model})`);
    return { id, answer: answered.answer };
  }

  #hangUp(callId: string, response: ServerResponse): void {
    const call = this.#calls.get(callId);
    if (!call) throw httpError(404, `No call with id '${callId}'.`, 'call_not_found', 'call_id');
    call.close('hung up over HTTP');
    response.writeHead(200, { 'content-type': 'application/json', ...CORS });
    response.end('{}');
  }
}

function routeOf(request: IncomingMessage): Route | undefined {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  if (CALLS.test(path)) return { kind: 'create', dialect: 'ga' };
  const hangup = HANGUP.exec(path);
  if (hangup?.[1]) return { kind: 'hangup', callId: decodeURIComponent(hangup[1]) };
  // The beta form posts the SDP to the WebSocket path; only an SDP body makes it a call.
  if (BETA_SDP.test(path) && /^application\/sdp/i.test(request.headers['content-type'] ?? '')) {
    return { kind: 'create', dialect: 'beta' };
  }
  return undefined;
}

async function parseOffer(
  request: IncomingMessage,
  body: Buffer,
): Promise<{ sdp: string; session: Readonly<Record<string, unknown>> | undefined }> {
  const type = request.headers['content-type'] ?? '';
  if (/^application\/sdp/i.test(type)) return { sdp: body.toString('utf8'), session: undefined };
  if (!/^multipart\/form-data/i.test(type)) {
    throw httpError(
      400,
      `Unsupported content type '${type}': post the offer as application/sdp or multipart/form-data.`,
    );
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw httpError(400, 'The multipart body could not be parsed.');
  }
  const sdp = form.get('sdp');
  if (typeof sdp !== 'string' || sdp.trim() === '')
    throw httpError(400, "Missing required parameter: 'sdp'.", 'missing_required_parameter', 'sdp');
  const sessionText = form.get('session');
  if (sessionText === null) return { sdp, session: undefined };
  let session: unknown;
  try {
    session = JSON.parse(typeof sessionText === 'string' ? sessionText : await sessionText.text());
  } catch {
    throw httpError(400, "Invalid 'session': expected a JSON object.", 'invalid_value', 'session');
  }
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    throw httpError(400, "Invalid 'session': expected a JSON object.", 'invalid_value', 'session');
  }
  // The same rules as a `session.update`, so a bad config is refused before a call exists.
  const parsed = parseClientEvent({ type: 'session.update', session: { type: 'realtime', ...session } });
  if (!parsed.ok) {
    const issue = parsed.error.issues[0];
    throw httpError(
      400,
      `Invalid 'session': ${parsed.error.message}`,
      'invalid_value',
      issue ? `session.${issue.path}` : 'session',
    );
  }
  return { sdp, session: session as Record<string, unknown> };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(httpError(413, 'Request body too large (limit 1 MiB).'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function isHttpError(value: unknown): value is HttpError {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}
