import { describe, expect, it } from 'vitest';
import {
  createTransport,
  type RealtimeTransport,
  registerTransport,
  UnknownTransportError,
} from '../src/index.js';
import { createScriptedTransport } from '../src/testing/index.js';

declare module '../src/index.js' {
  interface TransportConfigMap {
    scripted: { label: string };
  }
}

describe('transport registry', () => {
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

  it('names the registered types and the package to import for an unknown type', async () => {
    const config = { type: 'carrier-pigeon' } as unknown as Parameters<typeof createTransport>[0];
    const error = await createTransport(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTransportError);
    expect((error as Error).message).toMatch(
      /no transport of type "carrier-pigeon" is registered \(registered: .*scripted.*\); import/,
    );
  });
});
