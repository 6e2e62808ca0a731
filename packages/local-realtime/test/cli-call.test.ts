import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../src/cli-args.js';
import { parseCallCli } from '../src/cli-call.js';

describe('switchboard-local call', () => {
  it('reads the webhook, the secret (or OPENAI_WEBHOOK_SECRET), numbers and repeated --say lines', () => {
    expect(
      parseCallCli(
        [
          '--webhook',
          'http://127.0.0.1:3000/hook',
          '--from',
          '+1555',
          '--say',
          'Hi',
          '--say',
          'Bye',
          '--digits',
          '1#',
        ],
        { OPENAI_WEBHOOK_SECRET: 'whsec_x' },
      ),
    ).toEqual({
      server: 'http://127.0.0.1:8123',
      body: {
        webhookUrl: 'http://127.0.0.1:3000/hook',
        secret: 'whsec_x',
        from: '+1555',
        lines: ['Hi', 'Bye'],
        digits: '1#',
      },
    });
    expect(parseCallCli(['--help'], {})).toBe('help');
  });

  it('refuses a call without a webhook or a secret', () => {
    expect(() => parseCallCli(['--secret', 's'], {})).toThrow(CliUsageError);
    expect(() => parseCallCli(['--webhook', 'http://x'], {})).toThrow(/secret/);
  });
});
