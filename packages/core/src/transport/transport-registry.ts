import { rememberTransport } from '../observability/transport-description.js';
import type { RealtimeTransport } from './transport.js';

/**
 * The transport types an app can name in a config, and each one's options. Empty here: every
 * transport package adds its entry by declaration merging when it is imported, e.g.
 *
 * ```ts
 * declare module '@switchboard/core' {
 *   interface TransportConfigMap { websocket: WebSocketTransportOptions }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in transport packages
export interface TransportConfigMap {}

/** The name of a registered transport type (`'websocket'`, `'local'`, `'webrtc-relay'` …). */
export type TransportType = keyof TransportConfigMap;

/** A transport config: `{ type, ...options }` for one of the types whose package the app imports. */
export type TransportConfig = {
  [K in TransportType]: { readonly type: K } & TransportConfigMap[K];
}[TransportType];

/** Makes a transport from its config. May be async (the `local` type starts a server first). */
export type TransportFactory<K extends TransportType> = (
  config: { readonly type: K } & TransportConfigMap[K],
) => RealtimeTransport | Promise<RealtimeTransport>;

type AnyFactory = (config: never) => RealtimeTransport | Promise<RealtimeTransport>;

/**
 * Bumped only when the factory contract changes. Copies of core with the same version share one
 * registry on `globalThis`, so a transport package that resolved its own copy of core (an app with
 * two installs of it) still registers where the app's `createTransport` looks.
 */
const REGISTRY_VERSION = 1;
const REGISTRY_PREFIX = '@switchboard/core/transport-registry@';
const REGISTRY_KEY = Symbol.for(`${REGISTRY_PREFIX}${REGISTRY_VERSION}`);

/** The packages that ship with Switchboard and the transport type each one registers. */
const SHIPPED_TRANSPORTS: Readonly<Record<string, string>> = {
  websocket: '@switchboard/transport-websocket',
  'webrtc-relay': '@switchboard/transport-webrtc-relay',
  local: '@switchboard/local-realtime/transport',
  sip: '@switchboard/transport-sip',
  twilio: '@switchboard/transport-twilio',
};

function importHint(type: string): string {
  const shipped = SHIPPED_TRANSPORTS[type];
  if (shipped) return `import '${shipped}' first`;
  const known = Object.entries(SHIPPED_TRANSPORTS)
    .map(([name, from]) => `'${name}' from '${from}'`)
    .join(', ');
  return `import the package that registers it (Switchboard ships ${known})`;
}

/**
 * `createTransport` was given a type no imported package registered. `registeredByOtherCopy` is true
 * when a copy of `@switchboard/core` with an incompatible registry (another major version) holds it.
 *
 * @example
 * ```ts
 * import { createTransport, UnknownTransportError } from '@switchboard/core';
 *
 * try {
 *   await createTransport({ type: 'local' });
 * } catch (error) {
 *   if (error instanceof UnknownTransportError) console.error(error.message); // … import '@switchboard/local-realtime/transport' first
 * }
 * ```
 */
export class UnknownTransportError extends Error {
  override readonly name = 'UnknownTransportError';
  readonly code = 'unknown_transport';
  constructor(
    readonly type: string,
    readonly registered: readonly string[],
    readonly registeredByOtherCopy = false,
  ) {
    super(
      registeredByOtherCopy
        ? `transport type "${type}" was registered with another copy of @switchboard/core whose transport ` +
            `registry is incompatible with this one (version ${REGISTRY_VERSION}); install a single version ` +
            `of @switchboard/core (\`npm ls @switchboard/core\` shows the copies)`
        : `no transport of type "${type}" is registered (registered: ${registered.join(', ') || 'none'}); ` +
            importHint(type),
    );
  }
}

function registry(): Map<string, AnyFactory> {
  const holder = globalThis as unknown as Record<symbol, Map<string, AnyFactory> | undefined>;
  const existing = holder[REGISTRY_KEY];
  if (existing instanceof Map) return existing;
  const created = new Map<string, AnyFactory>();
  Object.defineProperty(globalThis, REGISTRY_KEY, { value: created, enumerable: false });
  return created;
}

/** Whether a registry of another version (another copy of core) has this type. */
function registeredByOtherCopy(type: string): boolean {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  return Object.getOwnPropertySymbols(globalThis).some((key) => {
    if (key === REGISTRY_KEY || !key.description?.startsWith(REGISTRY_PREFIX)) return false;
    const other = holder[key];
    return other instanceof Map && other.has(type);
  });
}

/**
 * Registers the factory for a transport type. Transport packages call it when they are imported;
 * registering a type again replaces its factory (the last import wins).
 *
 * @example
 * ```ts
 * import { registerTransport } from '@switchboard/core';
 * import { createScriptedTransport } from '@switchboard/core/testing';
 *
 * declare module '@switchboard/core' {
 *   interface TransportConfigMap { scripted: { label?: string } }
 * }
 * registerTransport('scripted', () => createScriptedTransport().transport);
 * ```
 */
export function registerTransport<K extends TransportType>(type: K, factory: TransportFactory<K>): void {
  registry().set(type as string, factory as AnyFactory);
}

/**
 * Makes the transport a config names. Switching an app between transports is a change of this one
 * object; the session and the agents stay the same.
 *
 * @example
 * ```ts
 * import { createTransport } from '@switchboard/core';
 * import '@switchboard/transport-websocket';
 * import '@switchboard/local-realtime/transport';
 *
 * const transport = await createTransport(
 *   process.env.OPENAI_API_KEY ? { type: 'websocket', dialect: 'ga' } : { type: 'local' },
 * );
 * ```
 */
export async function createTransport(config: TransportConfig): Promise<RealtimeTransport> {
  const type = (config as { type: string }).type;
  const factories = registry();
  const factory = factories.get(type);
  if (!factory) throw new UnknownTransportError(type, [...factories.keys()], registeredByOtherCopy(type));
  const transport = await factory(config as never);
  rememberTransport(transport, config as { readonly type: string });
  return transport;
}
