import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { CliUsageError, parseCli } from '../src/cli-args.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `switchboard …` in this process, capturing what it prints. */
async function switchboard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    log: (line) => {
      stdout += `${line}\n`;
    },
    error: (line) => {
      stderr += `${line}\n`;
    },
  });
  return { code, stdout, stderr };
}

describe('switchboard inspect', () => {
  it('writes the page next to a gzipped recording and says where it is', async () => {
    const recording = join(dir, 'call.jsonl.gz');
    copyFileSync(new URL('fixtures/phone-call.jsonl.gz', import.meta.url), recording);
    const { code, stdout } = await switchboard('inspect', recording);
    expect(code).toBe(0);
    expect(stdout).toMatch(/2144 events → .*call\.html \(\d+\.\d KB\)/);
    expect(stdout).toContain(`open file://${join(dir, 'call.html')}`);
    expect(readFileSync(join(dir, 'call.html'), 'utf8')).toContain('<h1>Call inspector</h1>');
  });

  it('writes where -o says', async () => {
    const recording = join(dir, 'short.jsonl');
    writeFileSync(recording, '{"t":1,"direction":"client","event":{"type":"response.create"}}\n');
    const { code } = await switchboard('inspect', recording, '-o', join(dir, 'page.html'));
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'page.html'))).toBe(true);
  });

  it('a missing or broken recording exits 1 with the file and the line', async () => {
    const missing = await switchboard('inspect', join(dir, 'nope.jsonl'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('nope.jsonl: no such file') });
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, '{"t":1,"direction":"client","event":{"type":"response.create"}}\n{oops\n');
    expect(await switchboard('inspect', broken)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('broken.jsonl: recording line 2: not JSON'),
    });
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n');
    expect((await switchboard('inspect', empty)).stderr).toContain('holds no events');
  });

  it('a page that cannot be written exits 1 and says where it should have gone', async () => {
    const recording = join(dir, 'ok.jsonl');
    writeFileSync(recording, '{"t":1,"direction":"client","event":{"type":"response.create"}}\n');
    const page = join(dir, 'missing', 'page.html');
    expect(await switchboard('inspect', recording, '-o', page)).toMatchObject({
      code: 1,
      stderr: `switchboard: cannot write ${page}: no such folder\n`,
    });
  });

  it('a bad command line exits 2 with the usage', async () => {
    const result = await switchboard('replay', 'x.jsonl');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "replay"');
    expect(result.stderr).toContain('Usage: switchboard inspect <recording.jsonl>');
    expect((await switchboard('--help')).stdout).toContain('Usage: switchboard inspect');
  });
});

describe('the switchboard process', () => {
  it('runs from its entry point and sets the exit code', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', 'src/bin.ts', 'inspect', join(dir, 'nope.jsonl')],
        { cwd: packageDir },
        (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }),
      );
    });
    expect(result).toEqual({ code: 1, stderr: `switchboard: ${join(dir, 'nope.jsonl')}: no such file\n` });
  });
});

describe('parseCli', () => {
  it('puts the page beside the recording unless -o names another file', () => {
    expect(parseCli(['inspect', 'calls/a.jsonl'])).toEqual({
      command: 'inspect',
      recording: 'calls/a.jsonl',
      out: 'calls/a.html',
    });
    expect(parseCli(['inspect', 'a.jsonl.gz'])).toMatchObject({ out: 'a.html' });
    expect(parseCli(['inspect', 'a.log', '--out', 'b.html'])).toMatchObject({ out: 'b.html' });
    expect(parseCli(['inspect', 'a.log'])).toMatchObject({ out: 'a.log.html' });
    expect(parseCli([])).toEqual({ command: 'help' });
  });

  it('refuses what it cannot do, saying why', () => {
    expect(() => parseCli(['inspect'])).toThrow(
      new CliUsageError('inspect needs a recording: switchboard inspect <recording.jsonl>'),
    );
    expect(() => parseCli(['inspect', 'a.jsonl', 'b.jsonl'])).toThrow(/one recording at a time/);
    expect(() => parseCli(['inspect', 'a.jsonl', '-o', 'a.jsonl'])).toThrow(/would overwrite the recording/);
    expect(() => parseCli(['inspect', 'a.jsonl', '--zoom'])).toThrow(CliUsageError);
  });
});
