import type { RealtimeSession, TurnStep } from '@switchboard/core';
import { firstValueFrom, from, mergeMap, type Observable, timeout } from 'rxjs';

/** What the caller says, turn by turn. */
export const DEMO_SCRIPT: readonly string[] = [
  'Hi, I think I was charged twice on invoice INV-1001.',
  'Please refund the duplicate charge on invoice INV-1001.',
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
    }
  | { readonly kind: 'approval'; readonly agent: string; readonly name: string; readonly approved: boolean }
  | { readonly kind: 'handoff'; readonly from: string; readonly to: string };

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
 * has yielded (tools run, handoffs done, a final reply given).
 */
export async function runConversation<Ctx>(
  session: RealtimeSession<Ctx>,
  lines: readonly string[],
  options: ConversationOptions = {},
): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  const record = (entry: TranscriptEntry) => {
    entries.push(entry);
    options.onEntry?.(entry);
  };
  const operator = session.toolCalls$.subscribe((event) => {
    if (event.type !== 'approval_requested') return;
    const approved = options.approve?.(event.name, event.arguments) ?? false;
    record({ kind: 'approval', agent: event.agent, name: event.name, approved });
    if (approved) session.approve(event.callId);
    else session.reject(event.callId, 'the operator declined');
  });
  try {
    for (const line of lines) {
      record({ kind: 'user', text: line });
      const turn = session.sendText(line);
      turn.steps$.subscribe((step) => entryOf(step).forEach(record));
      const result = await firstValueFrom(from(turn.done).pipe(timeout(options.turnTimeoutMs ?? 60_000)));
      if (result.status !== 'completed') throw new Error(`the turn for "${line}" ended ${result.status}`);
    }
  } finally {
    operator.unsubscribe();
  }
  return entries;
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
