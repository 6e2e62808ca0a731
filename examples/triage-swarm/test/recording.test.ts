import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, parseRecording, RealtimeSession } from '@switchboard/core';
import '@switchboard/local-realtime/transport';
import '@switchboard/transport-websocket';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createBackOffice } from '../src/backend.js';
import { DEMO_SCRIPT, runConversation } from '../src/conversation.js';
import { recordCall } from '../src/recording.js';
import { supportSwarm } from '../src/swarm.js';
import { runDemo } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const localTransport = () => createTransport({ type: 'local', audio: { pace: 'fast', voice: 'tone' } });

describe('recordCall (SWITCHBOARD_RECORD)', () => {
  it('records a call both ways into one file per call, complete once the transport closed', async () => {
    const call = recordCall(await localTransport(), {
      label: 'triage',
      env: { SWITCHBOARD_RECORD: 'calls', INIT_CWD: dir },
    });
    expect(call.file).toMatch(new RegExp(`^${join(dir, 'calls')}/triage-.*\\.jsonl$`));
    const session = new RealtimeSession({
      swarm: supportSwarm(createBackOffice()),
      transport: call.transport,
    });
    await session.connect();
    await runConversation(session, DEMO_SCRIPT.slice(0, 1));
    await session.close();
    await call.saved;

    const entries = parseRecording(readFileSync(call.file ?? '', 'utf8'));
    const types = entries.map((entry) => `${entry.direction} ${(entry.event as { type: string }).type}`);
    expect(types[0]).toBe('client session.update');
    expect(types).toContain('client conversation.item.create');
    expect(types).toContain('server response.function_call_arguments.done');
    expect(types.at(-1)).toBe('server rate_limits.updated');
  });

  it('leaves the transport as it is when SWITCHBOARD_RECORD is not set', async () => {
    const transport = await localTransport();
    const call = recordCall(transport, { label: 'triage', env: {} });
    expect(call.transport).toBe(transport);
    expect(call.file).toBeUndefined();
    await transport.close();
  });

  it('a folder it cannot make leaves the call unrecorded, with one message', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const transport = await localTransport();
    const call = recordCall(transport, {
      label: 'triage',
      env: { SWITCHBOARD_RECORD: join(blocker, 'calls') },
    });
    expect(call.transport).toBe(transport);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^not recording: .*(EEXIST|ENOTDIR)/));
    error.mockRestore();
    await transport.close();
  });

  it('the demo records itself and ends by printing the command that inspects the call', async () => {
    const folder = join(dir, 'demo');
    const stdout = await runDemo({ SWITCHBOARD_RECORD: folder });
    const [file] = readdirSync(folder);
    expect(stdout).toContain(`See the call: pnpm switchboard inspect ${join(folder, file ?? '')}`);
    expect(parseRecording(readFileSync(join(folder, file ?? ''), 'utf8')).length).toBeGreaterThan(100);
  });
});
