import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from './published.js';

/**
 * The app in packaging/app, installed from the tarballs with npm outside the workspace (see
 * global-setup.ts), with the lowest zod and rxjs the packages claim.
 */
describe('an app built from the tarballs', () => {
  const app = () => inject('app');
  const tsc = () => join(app(), 'node_modules', 'typescript', 'bin', 'tsc');

  it('type-checks with moduleResolution Bundler and skipLibCheck: false', async () => {
    await run(process.execPath, [tsc(), '-p', 'tsconfig.bundler.json'], { cwd: app() });
  });

  it('type-checks and builds with moduleResolution NodeNext and skipLibCheck: false', async () => {
    await run(process.execPath, [tsc(), '-p', 'tsconfig.nodenext.json'], { cwd: app() });
  });

  it('runs a two-agent swarm against local-realtime: a handoff, then a zod-typed tool call', async () => {
    const output = await run(process.execPath, ['dist/swarm.js'], { cwd: app() });
    expect(JSON.parse(output)).toEqual({
      handoff: 'Front Desk → Bookings',
      tool: { name: 'book_table', outcome: 'success' },
      bookings: ['Ada Lovelace × 4'],
      agent: 'Bookings',
    });
  });

  it('has a switchboard-local command that answers a taken port with one sentence, not a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const cli = join(app(), 'node_modules', '.bin', 'switchboard-local');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(cli, ['--port', String(port)], { cwd: app() }, (_error, _stdout, stderr) =>
        resolve({ code: child.exitCode, stderr }),
      );
    });
    await new Promise((resolve) => taken.close(resolve));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^switchboard-local: port ${port} on 127\\.0\\.0\\.1 is already in use .* --port 0 for any free port\\.$`,
        ),
      ),
    ]);
  });

  describe('with a call it recorded (recordTransport)', () => {
    const recording = () => join(app(), 'call.jsonl');
    beforeAll(async () => {
      await run(process.execPath, ['dist/swarm.js', recording()], { cwd: app() });
    });

    it('has a switchboard command whose inspect turns the recording into one HTML page', async () => {
      const page = join(app(), 'call-page.html');
      const cli = join(app(), 'node_modules', '.bin', 'switchboard');
      const output = await run(cli, ['inspect', recording(), '-o', page], { cwd: app() });
      expect(output.trim().split('\n')).toEqual([
        expect.stringMatching(/^switchboard: \d+ events → .*call-page\.html \(\d+\.\d KB\)$/),
        expect.stringMatching(/^open file:\/\/.*call-page\.html$/),
      ]);
      const html = readFileSync(page, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      // The start agent is named from Bookings' transfer_to_front_desk tool: the wire has no agent names.
      for (const text of ['Front desk', 'Bookings', 'book_table', 'Ada Lovelace'])
        expect(html, text).toContain(text);
      expect(await run(cli, ['--help'], { cwd: app() })).toContain('Usage: switchboard inspect');
    });

    it('reads the recording from code with @switchboard/cli', async () => {
      const output = await run(process.execPath, ['dist/inspect.js', recording()], { cwd: app() });
      expect(JSON.parse(output)).toEqual({
        agents: ['Front desk', 'Bookings'],
        handoffs: ['Front desk → Bookings'],
        tools: ['handoff transfer_to_bookings', 'function book_table'],
        errors: 0,
        page: true,
      });
    });
  });

  it('finds transports registered through a second installed copy of @switchboard/core', async () => {
    const nested = join(
      app(),
      'node_modules',
      '@switchboard',
      'local-realtime',
      'node_modules',
      '@switchboard',
    );
    mkdirSync(nested, { recursive: true });
    cpSync(join(app(), 'node_modules', '@switchboard', 'core'), join(nested, 'core'), { recursive: true });
    const output = await run(process.execPath, ['dist/duplicate-core.js'], { cwd: app() });
    expect(JSON.parse(output)).toEqual({ copies: 2 });
  });
});
