import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseClientEvent } from '@switchboard/core/protocol';
import type { WebSocketServer } from 'ws';
import type { CallerCaptions } from '../audio/caller-captions.js';
import type { Synthesizer } from '../audio/speech.js';
import { asHttpError, authenticate, httpError, readCredentials } from '../server/auth.js';
import { rejectUpgrade, sendError, sendJson } from '../server/http-routes.js';
import type { AuthRequirement } from '../server/options.js';
import { readJsonObject } from '../server/read-body.js';
import { decodePathSegment } from '../server/request-target.js';
import type { SecretStore } from '../server/secret-store.js';
import { type PlaceCallOptions, type PlacedCall, placeCall } from './place-call.js';
import type { SipCall, SipCallHost } from './sip-call.js';

/** What the SIP routes need from the server they are mounted on. */
export interface SipCallsOptions extends Omit<SipCallHost, 'closed'> {
  readonly secrets: SecretStore;
  readonly requireAuth: AuthRequirement | undefined;
  readonly synthesizer: Synthesizer;
  readonly captions: CallerCaptions;
}

const ACTION = /^\/(?:openai\/)?v1\/realtime\/calls\/([^/]+)\/(accept|reject|refer|hangup)$/;
/** Not an API route: lets the CLI (or any HTTP client) place a simulated call on a running server. */
const PLACE = '/v1/local/sip/calls';
const MAX_BODY_BYTES = 256 * 1024;
const ENDED_CALL_MEMORY_MS = 60_000;

/**
 * The SIP side of the local server: a simulated carrier places calls ({@link place}), posting a signed
 * `realtime.call.incoming` webhook to the app; the app answers with the API's call routes
 * (`POST /v1/realtime/calls/{id}/accept|reject|refer|hangup`, with the API's errors) and attaches
 * `?call_id=` control sockets. `POST /v1/local/sip/calls` places a call over HTTP and answers with
 * its record once it ended (`switchboard-local call`).
 */
export class SipCalls {
  readonly #calls = new Map<string, SipCall>();
  readonly #options: SipCallsOptions;

  constructor(options: SipCallsOptions) {
    this.#options = options;
  }

  /** Calls ringing or in progress. */
  get size(): number {
    let live = 0;
    for (const call of this.#calls.values()) if (call.live) live += 1;
    return live;
  }

  /** Whether `callId` names one of these calls (for `?call_id=` upgrades). */
  has(callId: string): boolean {
    return this.#calls.has(callId);
  }

  /**
   * Whether the request (its target parsed as `url`) is one of these routes; `hangup` only for SIP
   * calls (WebRTC calls have their own). Never throws: it runs in the server's request listener.
   */
  matches(request: IncomingMessage, url: URL): boolean {
    if (request.method !== 'POST') return false;
    const path = pathOf(url);
    if (path === PLACE) return true;
    const match = ACTION.exec(path);
    if (!match) return false;
    if (match[2] !== 'hangup') return true;
    const callId = decodePathSegment(match[1] as string);
    return callId !== undefined && this.#calls.has(callId);
  }

  /** Places a simulated incoming call (see {@link PlaceCallOptions}). */
  async place(options: PlaceCallOptions): Promise<PlacedCall> {
    const callId = `rtc_${randomBytes(16).toString('hex')}`;
    const { captions, synthesizer, log } = this.#options;
    const host: SipCallHost = {
      createSession: this.#options.createSession,
      captions,
      ...(log ? { log } : {}),
      // Ended calls answer `call_ended` for a while, then are forgotten.
      closed: (call) => {
        setTimeout(() => this.#calls.delete(call.id), ENDED_CALL_MEMORY_MS).unref?.();
      },
    };
    return placeCall(callId, options, {
      host,
      synthesizer,
      register: (call) => this.#calls.set(call.id, call),
    });
  }

  /** Answers one of these routes; never throws (errors are the API's JSON error bodies). */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    try {
      const auth = await authenticate(
        readCredentials(request, url),
        this.#options.secrets,
        this.#options.requireAuth,
      );
      if (!auth.ok) throw auth.error;
      const body = await readJsonObject(request, MAX_BODY_BYTES);
      const path = pathOf(url);
      if (path === PLACE) return await this.#placeOverHttp(body, response);
      const [, rawId, action] = ACTION.exec(path) as RegExpExecArray;
      const callId = decodeId(rawId as string);
      const call = this.#calls.get(callId);
      if (!call) throw httpError(404, `Call '${callId}' not found.`, 'call_not_found', 'call_id');
      if (action === 'accept') call.accept(acceptSession(body));
      else if (action === 'reject') call.reject(statusCode(body));
      else if (action === 'refer') call.refer(targetUri(body));
      else call.hangUp('app');
      sendJson(response, 200, {});
    } catch (error) {
      sendError(response, asHttpError(error));
    }
  }

  /** A `?call_id=` upgrade for a SIP call: authenticated like any connection; refused before accept. */
  async upgrade(
    callId: string,
    request: IncomingMessage,
    url: URL,
    socket: Duplex,
    head: Buffer,
    wss: WebSocketServer,
  ): Promise<void> {
    const call = this.#calls.get(callId);
    if (!call)
      return rejectUpgrade(
        socket,
        httpError(404, `Call '${callId}' not found.`, 'call_not_found', 'call_id'),
      );
    if (call.record.status !== 'accepted') {
      return rejectUpgrade(
        socket,
        httpError(400, `Call '${callId}' has not been accepted.`, 'call_not_accepted', 'call_id'),
      );
    }
    const auth = await authenticate(
      readCredentials(request, url),
      this.#options.secrets,
      this.#options.requireAuth,
    );
    if (!auth.ok) return rejectUpgrade(socket, auth.error);
    wss.handleUpgrade(request, socket, head, (ws) => call.attach(ws));
  }

  /** Ends every call (the server is closing). */
  closeAll(): void {
    for (const call of [...this.#calls.values()]) call.hangUp('server');
  }

  async #placeOverHttp(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const { webhookUrl, secret, from, to, lines } = body;
    if (typeof webhookUrl !== 'string' || typeof secret !== 'string') {
      throw httpError(
        400,
        "Missing required parameters: 'webhookUrl' and 'secret'.",
        'missing_required_parameter',
      );
    }
    const audio = Array.isArray(lines)
      ? lines.filter((line): line is string => typeof line === 'string')
      : [];
    const call = await this.place({
      webhookUrl,
      secret,
      ...(typeof from === 'string' ? { from } : {}),
      ...(typeof to === 'string' ? { to } : {}),
      audio,
      ...(typeof body.digits === 'string' ? { digits: body.digits } : {}),
    });
    const record = await call.ended;
    sendJson(response, 200, {
      ...record,
      agentSaid: record.agentSaid.map(({ itemId, transcript }) => ({ itemId, transcript })),
    });
  }
}

/** The accept body: a session config with `type: 'realtime'`, checked like a `session.update`. */
function acceptSession(body: Record<string, unknown>): Record<string, unknown> {
  if (body.type !== 'realtime') {
    throw httpError(400, "Invalid 'type': expected 'realtime'.", 'invalid_value', 'type');
  }
  const { model, ...session } = body;
  if (model !== undefined && typeof model !== 'string')
    throw httpError(400, "Invalid 'model': expected a string.", 'invalid_value', 'model');
  const parsed = parseClientEvent({ type: 'session.update', session });
  if (!parsed.ok) {
    const issue = parsed.error.issues[0];
    throw httpError(400, `Invalid session: ${parsed.error.message}`, 'invalid_value', issue?.path ?? null);
  }
  return body;
}

function statusCode(body: Record<string, unknown>): number {
  const code = body.status_code ?? 603;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 699) {
    throw httpError(
      400,
      "Invalid 'status_code': expected a SIP status from 400 to 699.",
      'invalid_value',
      'status_code',
    );
  }
  return code;
}

function targetUri(body: Record<string, unknown>): string {
  const target = body.target_uri;
  if (typeof target !== 'string' || target === '')
    throw httpError(
      400,
      "Missing required parameter: 'target_uri'.",
      'missing_required_parameter',
      'target_uri',
    );
  if (!/^(tel:\+?[0-9*#()\-. ]+|sips?:[^\s]+)$/i.test(target)) {
    throw httpError(400, "Invalid 'target_uri': expected a tel: or sip: URI.", 'invalid_value', 'target_uri');
  }
  return target;
}

function pathOf(url: URL): string {
  return url.pathname.replace(/\/+$/, '');
}

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw httpError(400, 'The call id in the URL is not valid percent-encoding.', 'invalid_value', 'call_id');
  }
}
