import { afterEach, describe, expect, it } from 'vitest';
import {
  createTransport,
  type RealtimeTransport,
  registerTransport,
  type TransportConfig,
  UnknownTransportError,
} from '../src/index.js';
import { createScriptedTransport } from '../src/testing/index.js';

declare module '../src/index.js' {
  interface TransportConfigMap {
    scripted: { label: string };
  }
}

/** A config for a type no test registered in this copy of core. */
const unregistered = (type: string) => ({ type }) as unknown as TransportConfig;

/** The same module evaluated again: what an app gets when two installs of core are loaded. */
async function secondCopyOfRegistry(): Promise<typeof import('../src/transport/transport-registry.js')> {
  const specifier = '../src/transport/transport-registry.ts?second-copy';
  return import(/* @vite-ignore */ specifier);
}

describe('transport registry', () => {
  const otherVersionKey = Symbol.for('@switchboard/core/transport-registry@999');
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[otherVersionKey];
  });

  it('creates the transport a config names, passing the whole config to its factory', async () => {
    const seen: unknown[] = [];
    const made: RealtimeTransport = createScriptedTransport().transport;
    registerTransport('scripted', (config) => {
      seen.push(config);
      return made;
    });
    await expect(createTransport({ type: 'scripted', label: 'a' })).resolves.toBe(made);
    expect(seen).toEqual([{ type: 'scripted', label: 'a' }]);
  });

  it('finds a transport that a second copy of core registered (duplicate installs share one registry)', async () => {
    const copy = await secondCopyOfRegistry();
    expect(copy.createTransport).not.toBe(createTransport);
    const made = createScriptedTransport().transport;
    copy.registerTransport('scripted', () => made);
    await expect(createTransport({ type: 'scripted', label: 'from the other copy' })).resolves.toBe(made);
  });

  it('names the package that ships a known type, as it is imported', async () => {
    const error = await createTransport(unregistered('local')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTransportError);
    expect(error).toMatchObject({ code: 'unknown_transport', type: 'local', registeredByOtherCopy: false });
    expect((error as Error).message).toContain("import '@switchboard/local-realtime/transport' first");
    const websocket = await createTransport(unregistered('websocket')).catch((e: unknown) => e);
    expect((websocket as Error).message).toContain("import '@switchboard/transport-websocket' first");
  });

  it('lists the registered types and the shipped packages for a type nobody ships', async () => {
    const error = await createTransport(unregistered('carrier-pigeon')).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /no transport of type "carrier-pigeon" is registered \(registered: .*scripted.*\)/,
    );
    expect((error as Error).message).toContain("'local' from '@switchboard/local-realtime/transport'");
    expect((error as Error).message).not.toContain('@switchboard/transport-carrier-pigeon');
  });

  it('says when an incompatible copy of core registered the type', async () => {
    (globalThis as Record<symbol, unknown>)[otherVersionKey] = new Map([['ancient', () => undefined]]);
    const error = await createTransport(unregistered('ancient')).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'ancient', registeredByOtherCopy: true });
    expect((error as Error).message).toMatch(
      /registered with another copy of @switchboard\/core .* install a single version of @switchboard\/core/,
    );
  });
});
