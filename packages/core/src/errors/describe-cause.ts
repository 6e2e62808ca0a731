/**
 * A short text for what a callback threw, for messages the model and people read. Never throws,
 * whatever was thrown (a symbol, a null-prototype object, a Proxy).
 */
export function describeCause(cause: unknown): string {
  try {
    if (cause instanceof Error) return cause.message || cause.name;
    if (typeof cause === 'string') return cause;
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    try {
      return String(cause);
    } catch {
      return 'a value that cannot be printed';
    }
  }
}
