import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCli, scriptedBrainFromJson, startErrorMessage } from '../src/cli-args.js';
import { startLocalRealtime } from '../src/index.js';
import { brainRequest, collect, user } from './helpers/requests.js';

const dir = mkdtempSync(join(tmpdir(), 'local-realtime-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = () => {};

describe('switchboard-local arguments', () => {
  it('defaults: port 8123, localhost, rules brain, no logging', () => {
    const command = parseCli([], {}, log);
    expect(command.help).toBe(false);
    if (command.help) return;
    expect(command.options).toMatchObject({ port: 8123, host: '127.0.0.1', brain: { name: 'rules' } });
    expect(command.options.log).toBeUndefined();
  });

  it('--port, --pace, --voice, --verbose, --require-auth, --help', () => {
    const command = parseCli(
      ['--port', '0', '--pace', 'fast', '--voice', 'tone', '--verbose', '--require-auth', 'k'],
      {},
      log,
    );
    if (command.help) throw new Error('unexpected help');
    expect(command.options).toMatchObject({
      port: 0,
      audio: { pace: 'fast', voice: 'tone' },
      requireAuth: 'k',
      log,
    });
    expect(parseCli(['--help'], {}, log)).toEqual({ help: true });
  });

  it('--brain chat takes its endpoint from flags or the environment', () => {
    const command = parseCli(
      ['--brain', 'chat'],
      { LOCAL_REALTIME_CHAT_URL: 'http://127.0.0.1:1/v1', LOCAL_REALTIME_CHAT_MODEL: 'm' },
      log,
    );
    if (command.help) throw new Error('unexpected help');
    expect(command.options.brain?.name).toBe('chat-completions');
    expect(() => parseCli(['--brain', 'chat'], {}, log)).toThrow(CliUsageError);
  });

  it('--brain scripted:<file> reads JSON rules, with "/regex/flags" strings', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [
          { user: '/hel+o/i', say: 'Hi!' },
          { user: 'refund', handoff: 'Billing' },
        ],
        fallback: 'Eh?',
      }),
    );
    const command = parseCli(['--brain', `scripted:${file}`], {}, log);
    if (command.help) throw new Error('unexpected help');
    const brain = command.options.brain;
    if (!brain) throw new Error('no brain');
    expect(await collect(brain, brainRequest([user('HELLLO')]))).toEqual([{ type: 'message', text: 'Hi!' }]);
    expect(await collect(brain, brainRequest([user('refund pls')]))).toEqual([
      { type: 'function_call', name: 'transfer_to_billing', arguments: {} },
    ]);
    expect(() => scriptedBrainFromJson('{"nope":1}')).toThrow(CliUsageError);
  });

  it('rejects bad values with a usage error', () => {
    expect(() => parseCli(['--port', 'x'], {}, log)).toThrow(/--port/);
    expect(() => parseCli(['--pace', 'slow'], {}, log)).toThrow(/--pace must be one of realtime, fast/);
    expect(() => parseCli(['--brain', 'magic'], {}, log)).toThrow(/unknown brain/);
    expect(() => parseCli(['--tls-key', 'k.pem'], {}, log)).toThrow(/go together/);
    expect(() => parseCli(['--bogus'], {}, log)).toThrow(CliUsageError);
  });
});

describe('switchboard-local start errors', () => {
  it('says the port is taken and how to pick another, from the real EADDRINUSE', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const error = await startLocalRealtime({ port, host: '127.0.0.1' }).then(
        async (server) => {
          await server.close();
          throw new Error(`port ${port} was not taken`);
        },
        (e: unknown) => e,
      );
      expect(startErrorMessage(error, { port, host: '127.0.0.1' })).toBe(
        `port ${port} on 127.0.0.1 is already in use (another switchboard-local, or another server, is listening there). ` +
          `Stop it, or pick another port: --port ${port + 1}, or --port 0 for any free port.`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('leaves errors it cannot explain to the caller', () => {
    expect(startErrorMessage(new Error('boom'), { port: 1 })).toBeUndefined();
  });
});
