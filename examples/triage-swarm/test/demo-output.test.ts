import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

// Issue 16, point 10: what `pnpm demo` prints shows the caller never left in silence while the
// outage check is slow (a filler), and a refund that finishes although the caller barged in, whose
// real outcome the model gives on the next turn.

/** The printed lines, trimmed, without the blank ones. */
const linesOf = (stdout: string) =>
  stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

describe('the triage demo’s output', () => {
  it('shows a filler during the slow outage check and a refund that finishes despite a barge-in', async () => {
    const lines = linesOf(await runDemo());
    const at = (pattern: RegExp) => {
      const index = lines.findIndex((line) => pattern.test(line));
      expect(index, `a line matching ${pattern}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    // The refund: approved, barged in on, finished anyway, and told on the next turn.
    const approved = at(/^✔ operator approved issue_refund$/);
    const bargeIn = at(/^Caller\s+✋ barges in while issue_refund runs$/);
    const refundCall = at(/^⚙ Billing called issue_refund\(\{"invoiceId":"INV-1001"/);
    expect(lines[refundCall + 1]).toMatch(
      /^→ \{"invoiceId":"INV-1001","refunded":49,"currency":"EUR"\} \(\d+ ms\) finished despite the barge-in$/,
    );
    const question = at(/^Caller\s+Sorry, one second: did that refund go through\?$/);
    expect(lines[question + 1]).toMatch(
      /^Billing\s+Issue refund: invoice id INV-1001, refunded 49, currency EUR\.$/,
    );
    expect([approved, bargeIn, refundCall, question]).toEqual(
      [approved, bargeIn, refundCall, question].sort((a, b) => a - b),
    );
    // The filler: said while check_outage ran, and over before the answer (which waits for it).
    const filler = at(/^Tech Support\s+… One moment, still checking\. \(filler while a tool runs\)$/);
    const answer = at(/^Tech Support\s+Check outage: service internet/);
    expect(filler).toBeGreaterThan(question);
    expect(filler).toBeLessThan(answer);
    expect(lines.at(-1)).toBe('Done. Refunded: INV-1001. Tickets: T-502.');
  });
});
