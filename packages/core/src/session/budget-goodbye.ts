import type { ResponseCreateParams, ServerEvent } from '../protocol/index.js';

/** How the goodbye ended: said in full and played out, cut short (cancelled, failed), or out of time. */
export type GoodbyeOutcome = 'said' | 'cut' | 'timed_out';

/** The `metadata` that marks the goodbye's response. */
const GOODBYE_METADATA = { switchboard_budget: 'goodbye' } as const;

/** What the goodbye needs from the session. */
export interface GoodbyeHost {
  /** Asks for the goodbye response in the conversation, after the active one (through the sequencer). */
  request(params: ResponseCreateParams): void;
  /** Milliseconds of audio received for the latest assistant audio item (the goodbye's, once it speaks). */
  receivedAudioMs(): number;
  /** The goodbye is over; the call may end. Called once. */
  ended(outcome: GoodbyeOutcome): void;
}

/**
 * The last words of a call a budget ends: one conversation response told `instructions`, with no
 * tools. It is over once its `response.done` has come and its audio has had time to play: on a
 * transport whose server plays it (WebRTC, SIP), at `output_audio_buffer.stopped`; where the audio
 * comes through us, once as many milliseconds as it lasts have passed since it began. Whatever
 * happens, it is over after `timeoutMs`.
 */
export class Goodbye {
  readonly #host: GoodbyeHost;
  readonly #timeout: ReturnType<typeof setTimeout>;
  #playout: ReturnType<typeof setTimeout> | undefined;
  #responseId: string | undefined;
  #firstAudioAt: number | undefined;
  /** The server said it plays the goodbye (`output_audio_buffer.started`): wait for `stopped`. */
  #serverPlaying = false;
  /** The server has played (or dropped) all of it. */
  #playedOut = false;
  #outcome: GoodbyeOutcome | undefined;
  #over = false;

  constructor(instructions: string, timeoutMs: number, host: GoodbyeHost) {
    this.#host = host;
    this.#timeout = setTimeout(() => this.#end('timed_out'), timeoutMs);
    host.request({ instructions, tool_choice: 'none', metadata: { ...GOODBYE_METADATA } });
  }

  observe(event: ServerEvent): void {
    if (this.#over) return;
    switch (event.type) {
      case 'response.created':
        if (event.response.metadata?.switchboard_budget === GOODBYE_METADATA.switchboard_budget)
          this.#responseId = event.response.id;
        return;
      case 'response.output_audio.delta':
        if (event.response_id === this.#responseId) this.#firstAudioAt ??= Date.now();
        return;
      case 'output_audio_buffer.started':
        if (event.response_id === this.#responseId) this.#serverPlaying = true;
        return;
      case 'output_audio_buffer.stopped':
      case 'output_audio_buffer.cleared':
        if (event.response_id !== this.#responseId) return;
        this.#playedOut = true;
        if (this.#outcome !== undefined) this.#end(this.#outcome);
        return;
      case 'response.done':
        if (this.#responseId === undefined || event.response.id !== this.#responseId) return;
        this.#outcome = event.response.status === 'completed' ? 'said' : 'cut';
        if (this.#playedOut) this.#end(this.#outcome);
        else if (!this.#serverPlaying) this.#afterPlayout(this.#outcome);
        return;
      default:
        return;
    }
  }

  /** The session closes first: nothing more happens. */
  cancel(): void {
    this.#over = true;
    clearTimeout(this.#timeout);
    clearTimeout(this.#playout);
  }

  #afterPlayout(outcome: GoodbyeOutcome): void {
    const startedAt = this.#firstAudioAt;
    const left = startedAt === undefined ? 0 : startedAt + this.#host.receivedAudioMs() - Date.now();
    if (left <= 0) this.#end(outcome);
    else this.#playout = setTimeout(() => this.#end(outcome), left);
  }

  #end(outcome: GoodbyeOutcome): void {
    if (this.#over) return;
    this.cancel();
    this.#host.ended(outcome);
  }
}
