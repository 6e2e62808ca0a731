import type { IncomingMessage } from 'node:http';

/**
 * The request's target as a URL, or `undefined` when it is not one: `//[` (an authority that does
 * not parse), `*`, or anything else `new URL` refuses. Origin-form targets (`/v1/realtime?…`) are
 * read as paths even when they start with `//`, so `//x/v1/realtime` is the path `//x/v1/realtime`,
 * never the host `x`. Callers answer `undefined` with a 400; nothing a client sends makes this throw
 * (issue 10: `new URL(request.url)` on `//[` took the process down).
 */
export function requestTarget(request: Pick<IncomingMessage, 'url'>): URL | undefined {
  const target = request.url ?? '/';
  try {
    if (target.startsWith('/')) return new URL(`http://localhost${target}`);
    // Absolute form (`GET http://host/path`, as proxies send it).
    if (/^https?:\/\//i.test(target)) return new URL(target);
  } catch {
    // Falls through: not a URL.
  }
  return undefined;
}

/** `decodeURIComponent` that answers `undefined` for a malformed percent sequence instead of throwing. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
