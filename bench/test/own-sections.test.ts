import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownSections, replaceSection } from '../src/report/own-sections.js';

describe('sections of docs/benchmarks.md written by other harnesses', () => {
  it('are replaced in place, appended when new, and kept when the main report is rewritten', () => {
    const first = replaceSection('# Benchmarks\n\nmain report\n', 'twilio-bridge', '## Twilio\n\nold');
    expect(first).toBe(
      '# Benchmarks\n\nmain report\n\n<!-- section: twilio-bridge -->\n## Twilio\n\nold\n<!-- /section: twilio-bridge -->\n',
    );
    const second = replaceSection(first, 'twilio-bridge', '## Twilio\n\nnew');
    expect(second).toContain('new');
    expect(second).not.toContain('old');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'benchmarks.md');
    writeFileSync(file, second);
    expect('# Benchmarks\n\nrewritten\n' + ownSections(file)).toBe(
      '# Benchmarks\n\nrewritten\n\n<!-- section: twilio-bridge -->\n## Twilio\n\nnew\n<!-- /section: twilio-bridge -->\n',
    );
    expect(ownSections(path.join(os.tmpdir(), 'no-such-report.md'))).toBe('');
  });
});
