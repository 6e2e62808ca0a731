/**
 * The input audio buffer: wire bytes appended since the last commit or clear, placed on the
 * session's audio timeline (milliseconds since the first byte of audio the session ever received),
 * which is the clock of the API's `audio_start_ms` / `audio_end_ms`.
 */
export class InputAudioBuffer {
  #chunks: Buffer[] = [];
  #bytes = 0;
  /** Timeline position of the end of everything ever appended. */
  #endMs = 0;

  #bytesPerMs: number;

  constructor(bytesPerMs: number) {
    this.#bytesPerMs = bytesPerMs;
  }

  /** Milliseconds of audio in the buffer. */
  get durationMs(): number {
    return this.#bytes / this.#bytesPerMs;
  }

  /** How many milliseconds `bytes` of audio in the current format last. */
  msOf(bytes: number): number {
    return bytes / this.#bytesPerMs;
  }

  /** Timeline position of the first buffered byte. */
  get startMs(): number {
    return this.#endMs - this.durationMs;
  }

  /** Timeline position of the end of the buffer. */
  get timelineMs(): number {
    return this.#endMs;
  }

  /** Changes the wire format's byte rate (a `session.update` of the input format); drops the buffer. */
  setBytesPerMs(bytesPerMs: number): void {
    if (bytesPerMs === this.#bytesPerMs) return;
    this.clear();
    this.#bytesPerMs = bytesPerMs;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    this.#endMs += chunk.length / this.#bytesPerMs;
  }

  /** Everything buffered; empties the buffer. */
  takeAll(): Buffer {
    const all = Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#bytes = 0;
    return all;
  }

  /**
   * The audio between two timeline positions (clamped to what is buffered); the buffer keeps only
   * what follows `toMs`. Server VAD commits a turn this way.
   */
  takeRange(fromMs: number, toMs: number): Buffer {
    const all = this.takeAll();
    const start = this.#offsetOf(fromMs, all.length);
    const end = Math.max(start, this.#offsetOf(toMs, all.length));
    const rest = all.subarray(end);
    if (rest.length > 0) {
      this.#chunks = [Buffer.from(rest)];
      this.#bytes = rest.length;
    }
    return all.subarray(start, end);
  }

  /** Drops audio before a timeline position (keeps idle listening from growing without bound). */
  dropBefore(ms: number): void {
    if (ms <= this.startMs) return;
    const all = this.takeAll();
    const rest = all.subarray(this.#offsetOf(ms, all.length));
    if (rest.length > 0) {
      this.#chunks = [Buffer.from(rest)];
      this.#bytes = rest.length;
    }
  }

  clear(): void {
    this.#chunks = [];
    this.#bytes = 0;
  }

  /** Byte offset of a timeline position inside `length` bytes that end at `endMs`, sample-aligned. */
  #offsetOf(ms: number, length: number): number {
    const startMs = this.#endMs - length / this.#bytesPerMs;
    const raw = Math.round((ms - startMs) * this.#bytesPerMs);
    // PCM16 samples are 2 bytes; keep offsets even so no sample is split (G.711 is 1 byte, also even-safe).
    const aligned = raw - (raw % 2);
    return Math.min(length, Math.max(0, aligned));
  }
}
