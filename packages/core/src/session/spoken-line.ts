import { type ClientEvent, itemText, type ServerEvent } from '../protocol/index.js';

/** What a {@link SpokenLine} needs from the session. */
export interface SpokenLineHost {
  send(event: ClientEvent): void;
  /** Keeps the conversation's next `response.create` waiting (the line is not talked over), until released. */
  hold(key: string): void;
  release(key: string): void;
}

interface Saying {
  readonly tag: string;
  responseId: string | undefined;
  /** `text`: what was said, when its response completed. */
  readonly ended: (text: string | undefined) => void;
}

/**
 * One short line the model says out of band (`conversation: 'none'`, so it never enters the
 * history): a filler while tools run, the safe line after a guardrail trips. While it is said, the
 * conversation's responses wait for it; it ends with its `response.done` (or the `error` refusing
 * it), when cancelled, or when the connection goes away. Its response is matched by `metadata`.
 */
export class SpokenLine {
  #saying: Saying | undefined;
  /** The tag of a line cancelled before its response was created: cancelled once it is. */
  #cancelOnCreate: string | undefined;
  #speaks = true;

  readonly #metadataKey: string;
  readonly #host: SpokenLineHost;

  constructor(metadataKey: string, host: SpokenLineHost) {
    this.#metadataKey = metadataKey;
    this.#host = host;
  }

  /** Whether a line is being said (asked for and not ended). */
  get saying(): boolean {
    return this.#saying !== undefined;
  }

  /** Whether the session speaks (audio output), from the server's session events. */
  get speaks(): boolean {
    return this.#speaks;
  }

  /**
   * Asks for the line (a line still being said ends first); `ended` runs once when it ends, with
   * its text (or audio transcript) when its response completed.
   */
  say(tag: string, instructions: string, ended: (text: string | undefined) => void): void {
    this.#end(undefined);
    this.#saying = { tag, responseId: undefined, ended };
    this.#host.hold(tag);
    this.#host.send({
      type: 'response.create',
      event_id: tag,
      response: {
        conversation: 'none',
        input: [],
        output_modalities: this.#speaks ? ['audio'] : ['text'],
        instructions,
        metadata: { [this.#metadataKey]: tag },
      },
    });
  }

  /** Reads whether the session speaks, and follows the line's response. */
  observe(event: ServerEvent): void {
    if (event.type === 'session.created' || event.type === 'session.updated') {
      const modalities = event.session.output_modalities;
      if (modalities) this.#speaks = modalities.includes('audio');
      return;
    }
    if (
      event.type === 'response.created' &&
      this.#cancelOnCreate !== undefined &&
      event.response.metadata?.[this.#metadataKey] === this.#cancelOnCreate
    ) {
      this.#cancelOnCreate = undefined;
      this.#host.send({ type: 'response.cancel', response_id: event.response.id });
      return;
    }
    const saying = this.#saying;
    if (!saying) return;
    if (event.type === 'response.created' && event.response.metadata?.[this.#metadataKey] === saying.tag)
      saying.responseId = event.response.id;
    else if (event.type === 'response.done' && event.response.metadata?.[this.#metadataKey] === saying.tag)
      this.#end(
        event.response.status === 'completed'
          ? (event.response.output ?? []).map(itemText).join(' ').trim()
          : undefined,
      );
    else if (event.type === 'error' && event.error.event_id === saying.tag) this.reset();
  }

  /** The caller spoke over it: its response is cancelled (one not created yet, as soon as it is), and it ends. */
  cancel(): void {
    const saying = this.#saying;
    if (saying?.responseId) this.#host.send({ type: 'response.cancel', response_id: saying.responseId });
    else if (saying) this.#cancelOnCreate = saying.tag;
    this.#end(undefined);
  }

  /** Ends it without a word to the server (the connection went away, or the session closes). */
  reset(): void {
    this.#cancelOnCreate = undefined;
    this.#end(undefined);
  }

  #end(text: string | undefined): void {
    const saying = this.#saying;
    if (!saying) return;
    this.#saying = undefined;
    saying.ended(text);
    this.#host.release(saying.tag);
  }
}
