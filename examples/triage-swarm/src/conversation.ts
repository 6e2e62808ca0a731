import type { RealtimeSession, ToolEndEvent, ToolStartEvent, TurnStep } from '@switchboard/core';
import { filter, firstValueFrom, from, mergeMap, type Observable, timeout } from 'rxjs';

/**
 * A caller who talks over the agent while a call of the tool `during` runs (the turn before this
 * line): the demo interrupts as server VAD does when speech starts (`session.interrupt()`), and the
 * caller's words (`text`) come once that call has ended, as when they finish speaking. When no such
 * call runs, the line is said after the turn like any other.
 */
export interface BargeIn {
  readonly text: string;
  readonly during: string;
}

/** One thing the caller says: a line once the agent has answered, or a {@link BargeIn}. */
export type CallerLine = string | BargeIn;

/**
 * What the caller says, turn by turn. The refund is barged in on (it finishes anyway: the tool says
 * `onInterrupt: 'finish'`), and the outage check is slow (the caller hears a filler meanwhile).
 */
export const DEMO_SCRIPT: readonly CallerLine[] = [
  'Hi, I think I was charged twice on invoice INV-1001.',
  'Please refund the duplicate charge on invoice INV-1001.',
  { text: 'Sorry, one second: did that refund go through?', during: 'issue_refund' },
  'Thanks. Also, my internet is down since this morning.',
  'Can you open a ticket for my internet so a technician calls me?',
  "That's all, thank you!",
];

/** One line of the conversation as the demo prints it. */
export type TranscriptEntry =
  | { readonly kind: 'user'; readonly text: string }
  | { readonly kind: 'say'; readonly agent: string; readonly text: string }
  | {
      readonly kind: 'tool';
      readonly agent: string;
      readonly name: string;
      readonly arguments: string;
      readonly output: string;
      readonly outcome: string;
      readonly durationMs: number;
      /** Set when the call went on through a barge-in (its tool says `onInterrupt: 'finish'`). */
      readonly interruptedBy?: string;
    }
  | { readonly kind: 'approval'; readonly agent: string; readonly name: string; readonly approved: boolean }
  | { readonly kind: 'handoff'; readonly from: string; readonly to: string }
  /** What the caller heard while a slow tool ran (a spoken filler, out of the conversation). */
  | { readonly kind: 'filler'; readonly agent: string; readonly text: string }
  /** The caller talked over the agent while a call of `during` ran. */
  | { readonly kind: 'barge_in'; readonly during: string };

export interface ConversationOptions {
  /** Called for each entry as it happens. */
  readonly onEntry?: (entry: TranscriptEntry) => void;
  /** Decides calls that need approval (the demo's operator approves refunds). */
  readonly approve?: (name: string, args: unknown) => boolean;
  /** How long one turn may take before the demo gives up (default 60 s). */
  readonly turnTimeoutMs?: number;
}

/**
 * Plays the caller's lines one at a time: each is a turn, and the next line waits until the model
 * has yielded (tools run, handoffs done, a final reply given). A {@link BargeIn} interrupts the
 * turn before it while its tool runs; the spoken fillers the caller hears are entries too.
 */
export async function runConversation<Ctx>(
  session: RealtimeSession<Ctx>,
  lines: readonly CallerLine[],
  options: ConversationOptions = {},
): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  const record = (entry: TranscriptEntry) => {
    entries.push(entry);
    options.onEntry?.(entry);
  };
  const limit = <T>(promise: Promise<T>) =>
    firstValueFrom(from(promise).pipe(timeout(options.turnTimeoutMs ?? 60_000)));
  const operator = session.toolCalls$.subscribe((event) => {
    if (event.type !== 'approval_requested') return;
    const approved = options.approve?.(event.name, event.arguments) ?? false;
    record({ kind: 'approval', agent: event.agent, name: event.name, approved });
    if (approved) session.approve(event.callId);
    else session.reject(event.callId, 'the operator declined');
  });
  const fillers = session.fillers$.subscribe((event) => {
    if (event.type === 'filler_ended' && event.text) {
      record({ kind: 'filler', agent: session.agent.name, text: event.text });
    }
  });
  try {
    for (const [index, line] of lines.entries()) {
      const text = typeof line === 'string' ? line : line.text;
      const next = lines[index + 1];
      record({ kind: 'user', text });
      const turn = session.sendText(text);
      turn.steps$.subscribe((step) => entryOf(step).forEach(record));
      const bargeIn = typeof next === 'object' ? bargeInDuring(session, next.during, turn.done) : undefined;
      const result = await limit(turn.done);
      const barged = bargeIn && (await limit(bargeIn));
      if (barged) {
        record({ kind: 'barge_in', during: barged.start.name });
        record(endEntry(barged.start, await limit(barged.ended)));
      } else if (result.status !== 'completed') {
        throw new Error(`the turn for "${text}" ended ${result.status}`);
      }
    }
  } finally {
    operator.unsubscribe();
    fillers.unsubscribe();
  }
  return entries;
}

/** A call the caller barged in on: its start, and its end to come. */
interface BargedCall {
  readonly start: ToolStartEvent;
  readonly ended: Promise<ToolEndEvent>;
}

/**
 * Interrupts the session once a call of `name` runs (its approval, if any, given): a task after its
 * start, so its `execute` has begun. Resolves with that call, or `undefined` when the turn ends
 * before one runs (the model did not call it, or the call ended at once: refused, failed).
 */
function bargeInDuring<Ctx>(
  session: RealtimeSession<Ctx>,
  name: string,
  turnDone: Promise<unknown>,
): Promise<BargedCall | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (call: BargedCall | undefined) => {
      settled = true;
      starts.unsubscribe();
      resolve(call);
    };
    const starts = session.toolCalls$.subscribe((event) => {
      if (event.type !== 'tool_start' || event.name !== name || settled) return;
      let over = false;
      const ended = firstValueFrom(
        session.toolCalls$.pipe(
          filter((end): end is ToolEndEvent => end.type === 'tool_end' && end.callId === event.callId),
        ),
      ).then((end) => {
        over = true;
        return end;
      });
      setTimeout(() => {
        if (settled || over) return;
        session.interrupt();
        settle({ start: event, ended });
      }, 0);
    });
    turnDone.then(
      () => {
        if (!settled) settle(undefined);
      },
      () => settle(undefined),
    );
  });
}

/** The entry of a call that ended after the caller barged in on its turn. */
function endEntry(start: ToolStartEvent, end: ToolEndEvent): TranscriptEntry {
  const { agent, name, output, outcome, durationMs, interruptedBy } = end;
  return {
    kind: 'tool',
    agent,
    name,
    arguments: start.arguments,
    output,
    outcome,
    durationMs,
    ...(interruptedBy ? { interruptedBy } : {}),
  };
}

/** What the agents say, each tool call and each handoff, in every turn of the session. */
export function transcriptOf<Ctx>(session: RealtimeSession<Ctx>): Observable<TranscriptEntry> {
  return session.turns$.pipe(
    mergeMap((turn) => turn.steps$),
    mergeMap(entryOf),
  );
}

/** A turn's step as transcript entries: none for an empty message or a successful transfer (its handoff shows it). */
function entryOf(step: TurnStep): TranscriptEntry[] {
  switch (step.kind) {
    case 'message': {
      const text = step.text.trim();
      return text ? [{ kind: 'say', agent: step.agent, text }] : [];
    }
    case 'tool_call': {
      if (step.type === 'handoff' && step.outcome === 'success') return [];
      const { agent, name, arguments: args, output = '', outcome = 'running', durationMs = 0 } = step;
      return [{ kind: 'tool', agent, name, arguments: args, output, outcome, durationMs }];
    }
    case 'handoff':
      return [{ kind: 'handoff', from: step.from, to: step.to }];
  }
}
