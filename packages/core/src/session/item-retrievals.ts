import { ItemRetrieveError, ServerError } from '../errors/session-errors.js';
import type { ClientEventOf, ConversationItem, ServerEvent } from '../protocol/index.js';

/** How long `retrieveItem` waits for the server by default. */
export const DEFAULT_RETRIEVE_TIMEOUT_MS = 10_000;

/** Options of `session.retrieveItem()`. */
export interface RetrieveItemOptions {
  /** How long to wait for the server's answer (default 10 s). */
  readonly timeoutMs?: number;
  /** Stops waiting (the promise rejects with an {@link ItemRetrieveError} of code `aborted`). */
  readonly signal?: AbortSignal;
}

interface Waiting {
  readonly itemId: string;
  readonly eventId: string;
  readonly resolve: (item: ConversationItem) => void;
  readonly fail: (error: ItemRetrieveError) => void;
}

/**
 * The session's `conversation.item.retrieve` requests waiting for their answer. The server answers
 * with `conversation.item.retrieved` (matched by the item's id) or with an `error` that echoes the
 * request's `event_id`; every request also ends on its timeout, its signal, or the session closing.
 */
export class ItemRetrievals {
  /** Made at the first retrieval. */
  #waiting: Set<Waiting> | undefined;
  #counter = 0;

  readonly #send: (event: ClientEventOf<'conversation.item.retrieve'>) => void;

  constructor(send: (event: ClientEventOf<'conversation.item.retrieve'>) => void) {
    this.#send = send;
  }

  retrieve(itemId: string, options: RetrieveItemOptions = {}): Promise<ConversationItem> {
    const { timeoutMs = DEFAULT_RETRIEVE_TIMEOUT_MS, signal } = options;
    if (signal?.aborted)
      return Promise.reject(new ItemRetrieveError('aborted', itemId, 'the signal was aborted'));
    const eventId = `sb_retrieve_${++this.#counter}`;
    return new Promise<ConversationItem>((resolve, reject) => {
      const end = () => {
        this.#waiting?.delete(waiting);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiting: Waiting = {
        itemId,
        eventId,
        resolve: (item) => {
          end();
          resolve(item);
        },
        fail: (error) => {
          end();
          reject(error);
        },
      };
      const onAbort = () => waiting.fail(new ItemRetrieveError('aborted', itemId, 'the signal was aborted'));
      const timer = setTimeout(
        () => waiting.fail(new ItemRetrieveError('timeout', itemId, `no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting ??= new Set();
      this.#waiting.add(waiting);
      this.#send({ type: 'conversation.item.retrieve', event_id: eventId, item_id: itemId });
    });
  }

  /** Reads the server's answers: the item for every request of its id, an error for the request it names. */
  observe(event: ServerEvent): void {
    if (event.type === 'conversation.item.retrieved') {
      for (const waiting of [...(this.#waiting ?? [])])
        if (waiting.itemId === event.item.id) waiting.resolve(event.item);
    } else if (event.type === 'error' && event.error.event_id) {
      for (const waiting of this.#waiting ?? []) {
        if (waiting.eventId !== event.error.event_id) continue;
        const cause = new ServerError(event);
        waiting.fail(new ItemRetrieveError('refused', waiting.itemId, cause.message, { cause }));
        return;
      }
    }
  }

  /** The session closed: every request still waiting rejects. */
  close(): void {
    for (const waiting of [...(this.#waiting ?? [])])
      waiting.fail(new ItemRetrieveError('session_closed', waiting.itemId, 'the session closed'));
  }
}
