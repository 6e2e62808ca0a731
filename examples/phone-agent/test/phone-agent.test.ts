import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '@switchboard/core';
import type { TranscriptEntry } from '@switchboard/example-triage-swarm/src/conversation.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PHONE_SCRIPT, runOfflineCall } from '../src/demo.js';

afterEach(() => {
  delete process.env.SWITCHBOARD_RECORD;
});

/**
 * The types of the events in the one recording in `folder` whose name starts with `label`, once the
 * file is complete (the call's end closes the file; the last writes may still be on their way).
 */
async function recordedTypes(folder: string, label: string): Promise<string[]> {
  const files = readdirSync(folder).filter((name) => name.startsWith(label));
  expect(files).toHaveLength(1);
  const file = join(folder, files[0] ?? '');
  for (let attempt = 0; ; attempt++) {
    try {
      return parseRecording(readFileSync(file, 'utf8')).map(
        (entry) => `${entry.direction} ${(entry.event as { type: string }).type}`,
      );
    } catch (error) {
      if (attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('the phone agent, offline', () => {
  it('answers a simulated SIP call: handoff, tools, an approved refund, then a transfer to a person', async () => {
    const entries: TranscriptEntry[] = [];
    const result = await runOfflineCall({
      line: 'sip',
      audio: { voice: 'tone', pace: 'fast' },
      onEntry: (entry) => entries.push(entry),
    });
    expect(
      entries.filter((entry) => entry.kind === 'tool').map((entry) => entry.kind === 'tool' && entry.name),
    ).toEqual(['lookup_invoice', 'issue_refund']);
    expect(entries).toContainEqual({
      kind: 'approval',
      agent: 'Billing',
      name: 'issue_refund',
      approved: true,
    });
    expect(entries.filter((entry) => entry.kind === 'handoff')).toEqual([
      { kind: 'handoff', from: 'Triage', to: 'Billing' },
      { kind: 'handoff', from: 'Billing', to: 'Human' },
    ]);
    expect(result.record).toMatchObject({
      status: 'transferred',
      referredTo: 'tel:+15550123',
      endedBy: 'transfer',
    });
  });

  it.each(['sip', 'twilio'] as const)('records the %s call when SWITCHBOARD_RECORD is set', async (line) => {
    const folder = mkdtempSync(join(tmpdir(), 'phone-agent-calls-'));
    process.env.SWITCHBOARD_RECORD = folder;
    try {
      await runOfflineCall({ line, lines: PHONE_SCRIPT.slice(0, 1), audio: { voice: 'tone', pace: 'fast' } });
      const types = await recordedTypes(folder, `phone-${line}-`);
      expect(types[0]).toBe('client session.update');
      expect(types).toContain('server input_audio_buffer.speech_stopped');
      expect(types).toContain('server response.function_call_arguments.done');
      // Over Twilio the bridge appends the caller's audio; over SIP it goes to the API directly.
      expect(types.includes('client input_audio_buffer.append')).toBe(line === 'twilio');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
