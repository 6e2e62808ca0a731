import type { TransportDescription } from './telemetry.js';

/** The config each transport `createTransport` made was made from (weakly held: no transport is kept alive). */
const descriptions = new WeakMap<object, TransportDescription>();

/** Called by `createTransport` with the config a transport was made from. @internal */
export function rememberTransport(transport: object, config: { readonly type: string }): void {
  const dialect: unknown = (config as { readonly dialect?: unknown }).dialect;
  descriptions.set(transport, {
    type: config.type,
    dialect: typeof dialect === 'string' ? dialect : undefined,
  });
}

/** The type and dialect of a transport `createTransport` made; both `undefined` for any other. @internal */
export function describeTransport(transport: object): TransportDescription {
  return descriptions.get(transport) ?? { type: undefined, dialect: undefined };
}
