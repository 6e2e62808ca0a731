type Listener = (event: unknown) => void;

/**
 * A WebSocket stand-in with no network under it: the benchmark hands it text frames with
 * `deliver()` and they reach the framework's `message` listeners synchronously, exactly as `ws`
 * delivers a received frame (a `{ data: string }` event). What the framework sends is counted and
 * dropped. Used to push a recorded stream through a framework's real transport parser at full speed.
 *
 * @example
 * ```ts
 * const socket = new FakeSocket();
 * // give `socket` to the transport, then:
 * socket.open();
 * socket.deliver('{"type":"session.created", ...}');
 * ```
 */
export class FakeSocket {
  binaryType = 'nodebuffer';
  readyState = 0;
  /** Text frames the framework wrote. */
  sent = 0;
  readonly #listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: Listener): void {
    const list = this.#listeners.get(type) ?? [];
    list.push(listener);
    this.#listeners.set(type, list);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.set(
      type,
      (this.#listeners.get(type) ?? []).filter((candidate) => candidate !== listener),
    );
  }

  send(_data: unknown, callback?: (error?: Error) => void): void {
    this.sent += 1;
    callback?.();
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#emit('close', { code, reason, wasClean: true });
  }

  /** Announces the connection as open. */
  open(): void {
    this.readyState = 1;
    this.#emit('open', {});
  }

  /** Delivers one received text frame to the framework. */
  deliver(data: string): void {
    this.#emit('message', { data });
  }

  #emit(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}
