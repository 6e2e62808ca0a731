/** A server event as a test sees it. */
export type WireEvent = Record<string, unknown> & { type: string };

type Matcher = string | ((event: WireEvent) => boolean);

interface Waiter {
  readonly matcher: (event: WireEvent) => boolean;
  readonly resolve: (event: WireEvent) => void;
}

/**
 * Every event a test client received, in order, with waiting helpers. A waiter only sees events that
 * arrive after the mark it starts from (by default: everything not yet consumed by an earlier wait),
 * so consecutive `next()` calls walk the stream in order.
 */
export class EventLog {
  readonly events: WireEvent[] = [];
  private cursor = 0;
  private readonly waiters = new Set<Waiter & { from: number }>();

  push(event: WireEvent): void {
    this.events.push(event);
    const index = this.events.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.from && waiter.matcher(event)) {
        this.waiters.delete(waiter);
        this.cursor = Math.max(this.cursor, index + 1);
        waiter.resolve(event);
      }
    }
  }

  /** Marks the current end of the log: later waits see only newer events. */
  mark(): number {
    this.cursor = this.events.length;
    return this.cursor;
  }

  /** The next event (after the cursor) that matches; rejects after `timeoutMs`. */
  next(match: Matcher, timeoutMs = 5000): Promise<WireEvent> {
    const matcher = typeof match === 'string' ? (event: WireEvent) => event.type === match : match;
    for (let i = this.cursor; i < this.events.length; i++) {
      const event = this.events[i] as WireEvent;
      if (matcher(event)) {
        this.cursor = i + 1;
        return Promise.resolve(event);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        matcher,
        resolve: (event: WireEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
        from: this.cursor,
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events.slice(waiter.from).map((event) => event.type);
        reject(
          new Error(
            `timed out waiting for ${typeof match === 'string' ? match : 'a matching event'}; saw ${seen.join(', ') || 'nothing'}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Types of the events from index `from` on (audio and text deltas collapsed to one entry per run). */
  typesSince(from: number, collapseDeltas = true): string[] {
    const out: string[] = [];
    for (const event of this.events.slice(from)) {
      if (collapseDeltas && event.type.endsWith('.delta') && out[out.length - 1] === `${event.type}*`)
        continue;
      out.push(event.type.endsWith('.delta') && collapseDeltas ? `${event.type}*` : event.type);
    }
    return out;
  }

  /** Events of one type from index `from` on. */
  ofType(type: string, from = 0): WireEvent[] {
    return this.events.slice(from).filter((event) => event.type === type);
  }
}
