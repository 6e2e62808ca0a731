import { BehaviorSubject, type Observable, ReplaySubject, Subject } from 'rxjs';

/**
 * A `Subject` made on the first subscriber's demand. Until someone reads {@link observable}, `next`
 * costs nothing and holds nothing, and a session nobody watches on that stream pays no subject, no
 * observers array and no `asObservable()` wrapper (an idle server holding a thousand sessions keeps
 * most of its streams unread). Once ended, a stream read for the first time completes at once, as
 * a completed `Subject` would.
 */
export class LazySubject<T> {
  #subject: Subject<T> | undefined;
  #observable: Observable<T> | undefined;
  #ended = false;

  /** The stream; the subject behind it is made on the first read. */
  get observable(): Observable<T> {
    if (!this.#observable) {
      this.#subject = this.createSubject();
      if (this.#ended) this.#subject.complete();
      this.#observable = this.#subject.asObservable();
    }
    return this.#observable;
  }

  /** Whether the stream has been read (its subject made). */
  get observed(): boolean {
    return this.#subject !== undefined;
  }

  /** Delivers `value` to the subscribers, if anyone has read the stream. */
  next(value: T): void {
    this.#subject?.next(value);
  }

  /** Completes the stream (now, or at its first read). */
  complete(): void {
    this.#ended = true;
    this.#subject?.complete();
  }

  /** Makes the subject behind the stream; called once, at its first read. */
  createSubject(): Subject<T> {
    return new Subject<T>();
  }
}

/**
 * A `BehaviorSubject` made on demand: the value is kept in a field, and the subject, made at the
 * first read, starts from the current value. With `replaysAfterEnd` it is a `ReplaySubject(1)`
 * instead, which also replays the last value once completed (a transport's `closed` status).
 */
export class LazyValue<T> extends LazySubject<T> {
  #value: T;
  readonly #replaysAfterEnd: boolean;

  constructor(value: T, replaysAfterEnd = false) {
    super();
    this.#value = value;
    this.#replaysAfterEnd = replaysAfterEnd;
  }

  /** The current value. */
  get value(): T {
    return this.#value;
  }

  override next(value: T): void {
    this.#value = value;
    super.next(value);
  }

  override createSubject(): Subject<T> {
    if (!this.#replaysAfterEnd) return new BehaviorSubject<T>(this.#value);
    const subject = new ReplaySubject<T>(1);
    subject.next(this.#value);
    return subject;
  }
}
