import type { TranscriptEntry } from '@switchboard/example-triage-swarm/src/conversation.js';
import { describe, expect, it } from 'vitest';
import { runOfflineCall } from '../src/demo.js';

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
});
