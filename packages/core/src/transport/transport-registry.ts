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

/** `createTransport` was given a type no imported package registered. */
export class UnknownTransportError extends Error {
  override readonly name = 'UnknownTransportError';
  readonly code = 'unknown_transport';
  constructor(
    readonly type: string,
    readonly registered: readonly string[],
  ) {
    super(
      `no transport of type "${type}" is registered (registered: ${registered.join(', ') || 'none'}); ` +
        `import the package that provides it, e.g. '@switchboard/transport-${type}'`,
    );
  }
}

const factories = new Map<string, (config: never) => RealtimeTransport | Promise<RealtimeTransport>>();

/**
 * Registers the factory for a transport type. Transport packages call it when they are imported;
 * registering a type again replaces its factory (the last import wins).
 */
export function registerTransport<K extends TransportType>(type: K, factory: TransportFactory<K>): void {
  factories.set(type as string, factory as (config: never) => RealtimeTransport);
}

/**
 * Makes the transport a config names. Switching an app between transports is a change of this one
 * object; the session and the agents stay the same.
 *
 * @example
 * ```ts
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
  const factory = factories.get(type);
  if (!factory) throw new UnknownTransportError(type, [...factories.keys()]);
  return factory(config as never);
}
