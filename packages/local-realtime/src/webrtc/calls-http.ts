import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DialectName, ServerEvent } from '@switchboard/core/protocol';
import type { WebSocketServer } from 'ws';
import { asHttpError, authenticate, type HttpError, httpError, readCredentials } from '../server/auth.js';
import { rejectUpgrade } from '../server/http-routes.js';
import { validateSession } from '../server/mint.js';
import type { AuthRequirement } from '../server/options.js';
import { readBody } from '../server/read-body.js';
import { decodePathSegment } from '../server/request-target.js';
import type { ClientSecret, SecretStore } from '../server/secret-store.js';
import { RtcCall } from './call.js';
import type { CallSession } from './call-session.js';
import { SdpOfferError } from './offer-check.js';
import { type AnsweredPeer, answerOffer } from './peer.js';

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
    /** The call's backpressure: the session's responses wait on it (see `LocalSessionOptions`). */
    readonly outputReady: () => Promise<void> | undefined;
  }) => CallSession;
  /** Most calls at once (default {@link DEFAULT_MAX_CALLS}); an offer beyond it gets a 503. */
  readonly maxCalls?: number;
  readonly log?: (line: string) => void;
}

/**
 * Calls one server takes at once by default. Each holds a werift peer (its UDP sockets, DTLS and
 * SCTP state, a 20 ms audio clock) and one libopus encoder and decoder (~164 KiB of WebAssembly heap):
 * 200 calls fit in one process on two cores (docs/reliability.md has the figures), and a cap keeps a
 * flood of offers from taking the process down.
 */
export const DEFAULT_MAX_CALLS = 200;

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
  | { readonly kind: 'hangup'; readonly callId: string }
  /** A hang-up path whose call id is not valid percent-encoding (answered with a 400). */
  | { readonly kind: 'malformed' };

/**
 * The WebRTC side of the local server: `POST /v1/realtime/calls` (GA: `application/sdp` with a
 * client secret, or the server's `multipart/form-data` with `sdp` and `session`), the beta form
 * (`POST /v1/realtime?model=…` with `application/sdp`), `POST /v1/realtime/calls/{id}/hangup`, and
 * the calls that `?call_id=` sideband sockets attach to.
 */
export class WebRtcCalls {
  readonly #calls = new Map<string, RtcCall>();
  /** The client secret each call was created with: such a secret reaches that call only. */
  readonly #creators = new Map<string, string>();
  /** Offers being answered now: they count against the cap before their call exists. */
  #answering = 0;
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

  /** Whether the request (its target parsed as `url`) is one of these routes (an SDP `POST`). */
  matches(request: IncomingMessage, url: URL): boolean {
    return request.method === 'POST' && routeOf(request, url) !== undefined;
  }

  /** Answers one of these routes; never rejects (errors are the API's JSON error bodies). */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    try {
      const route = routeOf(request, url);
      if (!route) throw httpError(404, `Invalid URL (${request.method} ${url.pathname})`);
      if (route.kind === 'malformed') {
        throw httpError(400, `Invalid URL (${request.method} ${url.pathname}): malformed percent-encoding.`);
      }
      const auth = await authenticate(
        readCredentials(request, url),
        this.#options.secrets,
        this.#options.requireAuth,
      );
      if (!auth.ok) throw auth.error;
      if (route.kind === 'hangup')
        return this.#hangUp(this.#reachable(route.callId, auth.secret), route.callId, response);
      const body = await readBody(request);
      const offer = await parseOffer(request, body);
      const layers = [auth.secret?.session, offer.session].filter((layer) => layer !== undefined);
      const named = [...layers].reverse().find((layer) => typeof layer.model === 'string')?.model;
      const model =
        url.searchParams.get('model') ??
        (typeof named === 'string' ? named : undefined) ??
        (route.dialect === 'beta' ? this.#options.defaults.betaModel : this.#options.defaults.model);
      const call = await this.#create(offer.sdp, route.dialect, model, layers, auth.secret?.value);
      response.writeHead(201, {
        'content-type': 'application/sdp',
        location: `/v1/realtime/calls/${call.id}`,
        ...CORS,
      });
      response.end(call.answer);
    } catch (error) {
      const failure =
        error instanceof SdpOfferError
          ? httpError(400, error.message, 'invalid_offer', 'sdp')
          : asHttpError(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(failure.status, { 'content-type': 'application/json', ...CORS });
      response.end(JSON.stringify(failure.body));
    }
  }

  /**
   * A `?call_id=` upgrade: authenticates like any connection, then attaches the socket to the call
   * (404 when there is no such call, or a client secret that did not create it).
   */
  async upgrade(
    callId: string,
    request: IncomingMessage,
    url: URL,
    socket: Duplex,
    head: Buffer,
    wss: WebSocketServer,
  ): Promise<void> {
    const auth = await authenticate(
      readCredentials(request, url),
      this.#options.secrets,
      this.#options.requireAuth,
    );
    if (!auth.ok) return rejectUpgrade(socket, auth.error);
    const call = this.#reachable(callId, auth.secret);
    if (!call) return rejectUpgrade(socket, callNotFound(callId));
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
    creator: string | undefined,
  ) {
    const max = this.#options.maxCalls ?? DEFAULT_MAX_CALLS;
    if (this.#calls.size + this.#answering >= max) {
      throw httpError(
        503,
        `This server has ${max} calls in progress, the most it takes at once (maxCalls). Hang one up or try again later.`,
        'too_many_calls',
        null,
        'server_error',
      );
    }
    this.#answering += 1;
    let answered: AnsweredPeer;
    try {
      answered = await answerOffer(sdp);
    } finally {
      this.#answering -= 1;
    }
    const id = `rtc_${randomBytes(12).toString('hex')}`;
    const options = this.#options;
    let call: RtcCall;
    try {
      call = new RtcCall(answered, {
        id,
        dialect,
        log: options.log,
        createSession: (emit, outputReady) => options.createSession({ model, layers, emit, outputReady }),
        onClosed: (closed) => {
          this.#calls.delete(closed.id);
          this.#creators.delete(closed.id);
        },
      });
    } catch (error) {
      // The peer was answered: release it (its UDP sockets) before saying the call failed.
      await answered.peer.close().catch(() => {});
      throw error;
    }
    this.#calls.set(id, call);
    if (creator !== undefined) this.#creators.set(id, creator);
    options.log?.(`${id} WebRTC call (${dialect}, ${model})`);
    return { id, answer: answered.answer };
  }

  /**
   * The call, when it is in progress and these credentials may reach it. A client secret reaches only
   * the call it created, as the API scopes them (issue 10: any secret could attach to any call and hang
   * it up); an API key reaches every call. Anything else reads as "no such call", so ids do not leak.
   */
  #reachable(callId: string, secret: ClientSecret | undefined): RtcCall | undefined {
    const call = this.#calls.get(callId);
    if (call && secret !== undefined && this.#creators.get(callId) !== secret.value) return undefined;
    return call;
  }

  #hangUp(call: RtcCall | undefined, callId: string, response: ServerResponse): void {
    if (!call) throw callNotFound(callId);
    call.close('hung up over HTTP');
    response.writeHead(200, { 'content-type': 'application/json', ...CORS });
    response.end('{}');
  }
}

function callNotFound(callId: string): HttpError {
  return httpError(404, `No call with id '${callId}'.`, 'call_not_found', 'call_id');
}

function routeOf(request: IncomingMessage, url: URL): Route | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  if (CALLS.test(path)) return { kind: 'create', dialect: 'ga' };
  const hangup = HANGUP.exec(path);
  if (hangup?.[1]) {
    const callId = decodePathSegment(hangup[1]);
    return callId === undefined ? { kind: 'malformed' } : { kind: 'hangup', callId };
  }
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
  const invalid = validateSession({ type: 'realtime', ...session });
  if (invalid) throw invalid;
  return { sdp, session: session as Record<string, unknown> };
}
