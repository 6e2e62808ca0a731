import { type DialectName, TransportConfigError } from '@switchboard/core';
import { MissingApiKeyError } from './errors.js';
import {
  type AzureEndpointOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MODELS,
  type WebSocketTransportOptions,
} from './options.js';

/**
 * How the credentials travel: `headers` (Node: `Authorization` / `api-key` handshake headers) or
 * `subprotocol` (browsers, which cannot set headers: the key rides in `Sec-WebSocket-Protocol`).
 */
export type CredentialStyle = 'headers' | 'subprotocol';

/** Everything needed to open the socket. */
export interface RealtimeEndpoint {
  readonly url: string;
  /** Handshake headers (empty in `subprotocol` style). */
  readonly headers: Readonly<Record<string, string>>;
  /** WebSocket subprotocols (empty in `headers` style). */
  readonly protocols: readonly string[];
}

/** The parts of the options that select the URL. */
export type UrlOptions = Pick<
  WebSocketTransportOptions,
  'dialect' | 'url' | 'baseURL' | 'model' | 'callId' | 'azure'
>;

/**
 * Parses a URL and maps `http:` to `ws:` and `https:` to `wss:`.
 */
export function toWebSocketUrl(text: string, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TransportConfigError('websocket', field, `not a valid URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TransportConfigError(
      'websocket',
      field,
      `expected an http(s) or ws(s) URL, got ${url.protocol}`,
    );
  }
  return url;
}

/**
 * The realtime endpoint URL: OpenAI (`<base>/realtime?model=`), Azure
 * (`<endpoint>/openai/realtime?api-version=&deployment=`), or `url` as given. With `callId` the
 * socket attaches to an existing call (`?call_id=`) and no model is sent.
 *
 * @example
 * ```ts
 * import { realtimeUrl } from '@switchboard/transport-websocket';
 *
 * realtimeUrl({ dialect: 'ga' }); // 'wss://api.openai.com/v1/realtime?model=gpt-realtime'
 * realtimeUrl({ dialect: 'ga', callId: 'rtc_1' }); // 'wss://api.openai.com/v1/realtime?call_id=rtc_1'
 * ```
 */
export function realtimeUrl(options: UrlOptions): string {
  if (options.url !== undefined && options.azure !== undefined) {
    throw new TransportConfigError('websocket', 'url', 'give either url or azure, not both');
  }
  if (options.url !== undefined && options.baseURL !== undefined) {
    throw new TransportConfigError('websocket', 'url', 'give either url or baseURL, not both');
  }
  if (options.azure !== undefined && options.baseURL !== undefined) {
    throw new TransportConfigError('websocket', 'baseURL', 'give either baseURL or azure, not both');
  }
  if (options.azure) return azureUrl(options.azure, options.callId);

  const url = options.url
    ? toWebSocketUrl(options.url, 'url')
    : toWebSocketUrl(joinPath(options.baseURL ?? DEFAULT_BASE_URL, 'realtime'), 'baseURL');
  if (options.callId !== undefined) {
    // Sideband connections name the call, not a model (the SDK rejects both at once).
    url.searchParams.delete('model');
    url.searchParams.set('call_id', options.callId);
  } else if (options.model !== undefined || !url.searchParams.has('model')) {
    url.searchParams.set('model', options.model ?? DEFAULT_MODELS[options.dialect]);
  }
  return url.href;
}

function azureUrl(azure: AzureEndpointOptions, callId: string | undefined): string {
  for (const field of ['endpoint', 'deployment', 'apiVersion'] as const) {
    if (typeof azure[field] !== 'string' || azure[field] === '') {
      throw new TransportConfigError(
        'websocket',
        `azure.${field}`,
        'required: an Azure deployment needs endpoint, deployment and apiVersion',
      );
    }
  }
  const url = toWebSocketUrl(azure.endpoint, 'azure.endpoint');
  // The resource endpoint may be given with or without the `/openai` path that Azure routes under.
  const base = url.pathname.replace(/\/+$/, '').replace(/\/openai$/, '');
  url.search = '';
  if (callId !== undefined) {
    // Sideband on Azure uses the v1 route, as the official SDK does.
    url.pathname = `${base}/openai/v1/realtime`;
    url.searchParams.set('call_id', callId);
  } else {
    url.pathname = `${base}/openai/realtime`;
    url.searchParams.set('api-version', azure.apiVersion);
    url.searchParams.set('deployment', azure.deployment);
  }
  return url.href;
}

function joinPath(base: string, segment: string): string {
  return `${base.replace(/\/+$/, '')}/${segment}`;
}

/**
 * Handshake headers for Node: `Authorization: Bearer <key>` (OpenAI) or `api-key: <key>` (Azure),
 * `OpenAI-Beta: realtime=v1` for the beta dialect, then `extra` (which wins).
 *
 * @example
 * ```ts
 * import { handshakeHeaders } from '@switchboard/transport-websocket';
 *
 * handshakeHeaders({ dialect: 'beta', apiKey: 'sk-1' });
 * // { Authorization: 'Bearer sk-1', 'OpenAI-Beta': 'realtime=v1' }
 * ```
 */
export function handshakeHeaders(input: {
  readonly dialect: DialectName;
  readonly apiKey?: string;
  readonly azure?: boolean;
  readonly extra?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (input.apiKey !== undefined) {
    if (input.azure) headers['api-key'] = input.apiKey;
    else headers.Authorization = `Bearer ${input.apiKey}`;
  }
  if (input.dialect === 'beta') headers['OpenAI-Beta'] = 'realtime=v1';
  return { ...headers, ...input.extra };
}

/**
 * Subprotocols for browsers, as the official browser client sends them: `realtime`, then
 * `openai-insecure-api-key.<key>` (not for Azure, whose key goes in the query), then
 * `openai-beta.realtime-v1` for the beta dialect.
 *
 * @example
 * ```ts
 * import { browserSubprotocols } from '@switchboard/transport-websocket';
 *
 * browserSubprotocols({ dialect: 'ga', apiKey: 'ek_1' }); // ['realtime', 'openai-insecure-api-key.ek_1']
 * ```
 */
export function browserSubprotocols(input: {
  readonly dialect: DialectName;
  readonly apiKey?: string;
  readonly azure?: boolean;
}): string[] {
  const protocols = ['realtime'];
  if (input.apiKey !== undefined && !input.azure) protocols.push(`openai-insecure-api-key.${input.apiKey}`);
  if (input.dialect === 'beta') protocols.push('openai-beta.realtime-v1');
  return protocols;
}

/**
 * Resolves options and environment into one endpoint. The key is required for OpenAI and Azure;
 * an explicit `url` (a local or self-hosted server) is dialled without one unless `apiKey` is
 * given, and the environment's key is never sent to it. Returns (does not throw) the
 * `MissingApiKeyError`, so that `connect()` can report it; throws on contradictory options.
 */
export function resolveEndpoint(
  options: WebSocketTransportOptions,
  style: CredentialStyle,
  env: (name: string) => string | undefined,
): RealtimeEndpoint | MissingApiKeyError {
  const azure = options.azure !== undefined;
  if (style === 'subprotocol' && options.headers !== undefined && Object.keys(options.headers).length > 0) {
    throw new TransportConfigError(
      'websocket',
      'headers',
      'browsers cannot send handshake headers: leave headers out and pass the client secret as apiKey',
    );
  }
  const baseURL =
    options.baseURL ?? (options.url === undefined && !azure ? env('OPENAI_BASE_URL') : undefined);
  const url = realtimeUrl({ ...options, baseURL });

  let apiKey = options.apiKey;
  if (apiKey === undefined && options.url === undefined) {
    const variable = azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
    apiKey = env(variable);
    if (apiKey === undefined) return new MissingApiKeyError(variable);
  }

  if (style === 'headers') {
    return {
      url,
      headers: handshakeHeaders({ dialect: options.dialect, apiKey, azure, extra: options.headers }),
      protocols: [],
    };
  }
  const browserUrl = new URL(url);
  // Browsers cannot send Azure's `api-key` header; Azure accepts it as a query parameter instead.
  if (azure && apiKey !== undefined) browserUrl.searchParams.set('api-key', apiKey);
  return {
    url: browserUrl.href,
    headers: {},
    protocols: browserSubprotocols({ dialect: options.dialect, apiKey, azure }),
  };
}
