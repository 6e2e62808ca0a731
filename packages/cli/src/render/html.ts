/** Everything from a recording is untrusted: text goes into the page only through these. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u003c`-style
 * escapes, so no string in it can close the element (`</script>`) or open a comment; the line and
 * paragraph separators are escaped too. `JSON.parse` of the element's text gives the value back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A recording time as `m:ss.mmm` (`0:07.918`), or `h:mm:ss` past an hour. */
export function formatTime(ms: number): string {
  const total = Math.max(0, ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(Math.floor(seconds))}`;
  return `${minutes}:${seconds.toFixed(3).padStart(6, '0')}`;
}

/** A duration: `54 ms`, `1.25 s`, `3 min 12 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
