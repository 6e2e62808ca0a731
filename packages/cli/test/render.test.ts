import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderInspector } from '../src/index.js';
import { hostileRecording, PAYLOAD, phoneCallFixture } from './helpers.js';
import { longCall } from './long-call.js';

describe('renderInspector', () => {
  it('escapes everything from the recording: text with </script><script> or <img onerror> stays text', () => {
    const html = renderInspector(hostileRecording(), { title: PAYLOAD });
    // Only the page's own two script elements exist, and no element came from the recording.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('window.__pwned = 1</script>');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    // The event details survive the trip through the data element unchanged.
    const data = /<script type="application\/json" id="inspector-data">([^<]*)<\/script>/.exec(html)?.[1];
    const details = JSON.parse(data ?? 'null').details as unknown[];
    expect(JSON.stringify(details)).toContain(JSON.stringify(PAYLOAD).slice(1, -1));
  });

  it('loads nothing: a policy that allows no request and only its own script (by hash)', () => {
    const html = renderInspector(phoneCallFixture());
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('summarises audio instead of embedding it', () => {
    const entries = phoneCallFixture();
    const html = renderInspector(entries);
    const recorded = entries.map((entry) => JSON.stringify(entry)).join('\n').length;
    expect(html).not.toMatch(/[A-Za-z0-9+/]{200}/);
    expect(html).toContain('of audio');
    expect(html.length).toBeLessThan(recorded / 5);
  });

  it('keeps a long call small: its page grows with the events, not with the audio', () => {
    // 12 minutes (20 copies of the phone call); `pnpm size:long-call` measures an hour.
    const { entries, recordedBytes } = longCall(phoneCallFixture(), 20);
    const html = renderInspector(entries);
    expect(html.match(/class="bar turn user speech"/g)).toHaveLength(60);
    expect(html).not.toMatch(/[A-Za-z0-9+/]{200}/);
    expect(Buffer.byteLength(html)).toBeLessThan(recordedBytes / 8);
  });
});
