import { filter, firstValueFrom, fromEvent, map, type Observable, takeUntil } from 'rxjs';
import type { Handoff } from '../definitions/shapes.js';
import { HandoffSummaryError } from '../errors/session-errors.js';
import type { PreparedHandover } from '../pipeline/dispatch-host.js';
import { guardedCall } from '../pipeline/guarded-call.js';
import { type ClientEvent, itemText, type ServerEvent } from '../protocol/index.js';
import { textMessage } from './client-requests.js';
import type { HistoryState } from './history.js';

/** What the summary's out-of-band response is asked to write. */
export const HANDOFF_SUMMARY_INSTRUCTIONS =
  'Summarize the conversation so far for a colleague who takes over the call: who the caller is, ' +
  'what they want, what was done (tool results included) and what is still open. Plain text, at ' +
  'most five sentences. Do not address the caller.';

/** The `metadata` key that marks the summary's out-of-band response. */
const SUMMARY_METADATA_KEY = 'switchboard_handoff_summary';

/** What giving the conversation to a new agent needs from the session. */
export interface HandoverHost {
  history(): HistoryState;
  send(event: ClientEvent): void;
  readonly events$: Observable<ServerEvent>;
  readonly timeoutMs: number;
  error(error: HandoffSummaryError): void;
}

const KEEP_ALL: PreparedHandover = { apply: () => {} };

/**
 * The handoff context strategies (see {@link HandoffContextStrategy}). `prepare` runs before the
 * switch (for `summary`: an out-of-band response, `conversation: 'none'`, that never enters the
 * history); `apply` runs right after the new agent's `session.update`: every item is deleted but
 * the calls still running (the handoff's own call among them, so each keeps its one output), then
 * the note goes in as a system message. Outputs sent but not yet echoed when the items were deleted
 * are deleted as they arrive.
 */
export class ConversationHandover {
  /** Made at the first reset that leaves an output to delete. */
  #dropOnEcho: Set<string> | undefined;
  #summaries = 0;

  readonly #host: HandoverHost;

  constructor(host: HandoverHost) {
    this.#host = host;
  }

  /** Prepares the handover of `handoff` from `from`; never rejects (a failed summary keeps everything). */
  async prepare(
    handoff: Pick<Handoff, 'context' | 'note'>,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<PreparedHandover> {
    if (handoff.context === 'append') return KEEP_ALL;
    if (handoff.context === 'reset')
      return this.#reset(handoff.note ?? `The conversation was handed over to you by the ${from} agent.`);
    const summary = await this.#summarize(signal);
    if (summary.ok)
      return this.#reset(
        `The ${from} agent handed the conversation over to you. Summary so far: ${summary.text}`,
      );
    // Aborted (interrupt, close): the handoff itself stops; nothing to report here.
    if (!signal.aborted) this.#host.error(new HandoffSummaryError(from, to, summary.cause));
    return KEEP_ALL;
  }

  /** Deletes the output items of deleted calls as the server echoes them. */
  observe(event: ServerEvent): void {
    if (event.type !== 'conversation.item.added' || event.item.type !== 'function_call_output') return;
    if (!this.#dropOnEcho?.delete(event.item.call_id)) return;
    if (event.item.id) this.#host.send({ type: 'conversation.item.delete', item_id: event.item.id });
  }

  #reset(note: string): PreparedHandover {
    return {
      apply: (running) => {
        const items = this.#host.history().items;
        const answered = new Set<string>();
        for (const item of items) if (item.type === 'function_call_output') answered.add(item.call_id);
        for (const item of items) {
          const callId = item.type === 'function_call' ? item.call_id : undefined;
          if (callId !== undefined && running.has(callId)) continue;
          if (callId !== undefined && !answered.has(callId)) {
            this.#dropOnEcho ??= new Set();
            this.#dropOnEcho.add(callId);
          }
          if (item.id) this.#host.send({ type: 'conversation.item.delete', item_id: item.id });
        }
        this.#host.send({ type: 'conversation.item.create', item: textMessage(note, 'system') });
      },
    };
  }

  async #summarize(
    signal: AbortSignal,
  ): Promise<{ readonly ok: true; readonly text: string } | { readonly ok: false; readonly cause: unknown }> {
    const tag = `summary_${++this.#summaries}`;
    const ran = await guardedCall(
      (own) => {
        // Once the outcome is decided (timeout, abort), `own` fires and the subscription ends.
        const done = firstValueFrom(
          this.#host.events$.pipe(
            takeUntil(fromEvent(own, 'abort')),
            filter(
              (event): event is Extract<ServerEvent, { type: 'response.done' }> =>
                event.type === 'response.done' && event.response.metadata?.[SUMMARY_METADATA_KEY] === tag,
            ),
            map((event) => event.response),
          ),
        );
        this.#host.send({
          type: 'response.create',
          response: {
            conversation: 'none',
            output_modalities: ['text'],
            instructions: HANDOFF_SUMMARY_INSTRUCTIONS,
            metadata: { [SUMMARY_METADATA_KEY]: tag },
          },
        });
        return done;
      },
      { signal, timeoutMs: this.#host.timeoutMs },
    );
    if (ran.status === 'threw') return { ok: false, cause: ran.error };
    if (ran.status === 'timed_out') return { ok: false, cause: `no summary within ${ran.timeoutMs} ms` };
    if (ran.status === 'aborted') return { ok: false, cause: ran.reason };
    const response = ran.value;
    const text = (response.output ?? []).map(itemText).join(' ').trim();
    if (response.status !== 'completed' || text === '')
      return {
        ok: false,
        cause: `the summary response ended ${response.status ?? 'without a status'} with no text`,
      };
    return { ok: true, text };
  }
}
