import type { ConversationItem, RealtimeSession, ServerEventOf } from '@switchboard/core';
import {
  defer,
  filter,
  firstValueFrom,
  map,
  merge,
  mergeMap,
  type Observable,
  Subscription,
  take,
  timeout,
} from 'rxjs';

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
 * Plays the caller's lines one at a time: each is sent as a user message, and the next waits until
 * the agents have finished answering (tools run, handoffs done, a final reply spoken).
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
  const subscriptions = new Subscription();
  subscriptions.add(transcriptOf(session).subscribe(record));
  subscriptions.add(
    session.toolCalls$.subscribe((event) => {
      if (event.type !== 'approval_requested') return;
      const approved = options.approve?.(event.name, event.arguments) ?? false;
      record({ kind: 'approval', agent: event.agent, name: event.name, approved });
      if (approved) session.approve(event.callId);
      else session.reject(event.callId, 'the operator declined');
    }),
  );
  try {
    for (const line of lines) {
      const finished = firstValueFrom(turnEnd(session).pipe(timeout(options.turnTimeoutMs ?? 60_000)));
      record({ kind: 'user', text: line });
      session.sendText(line);
      await finished;
    }
  } finally {
    subscriptions.unsubscribe();
  }
  return entries;
}

/** What the agents say, each tool call and each handoff, as transcript entries. */
export function transcriptOf<Ctx>(session: RealtimeSession<Ctx>): Observable<TranscriptEntry> {
  const spoken = responsesDone(session).pipe(
    map((event) => ({ text: replyText(event.response.output ?? []), agent: session.agent.name })),
    filter(({ text }) => text !== ''),
    map(({ text, agent }): TranscriptEntry => ({ kind: 'say', agent, text })),
  );
  const handoffs = session.handoffs$.pipe(
    map((event): TranscriptEntry => ({ kind: 'handoff', from: event.from, to: event.to })),
  );
  return merge(toolCalls(session), handoffs, spoken);
}

/** One entry per finished tool call, with the arguments its start carried. */
function toolCalls<Ctx>(session: RealtimeSession<Ctx>): Observable<TranscriptEntry> {
  return defer(() => {
    const argumentsByCall = new Map<string, string>();
    return session.toolCalls$.pipe(
      mergeMap((event): TranscriptEntry[] => {
        if (event.type === 'tool_start') argumentsByCall.set(event.callId, event.arguments);
        // A successful transfer shows as the handoff entry itself.
        if (event.type !== 'tool_end' || (event.kind === 'handoff' && event.outcome === 'success')) return [];
        const { agent, name, output, outcome, durationMs } = event;
        return [
          {
            kind: 'tool',
            agent,
            name,
            arguments: argumentsByCall.get(event.callId) ?? '',
            output,
            outcome,
            durationMs,
          },
        ];
      }),
    );
  });
}

function responsesDone<Ctx>(session: RealtimeSession<Ctx>): Observable<ServerEventOf<'response.done'>> {
  return session.events$.pipe(
    filter((event): event is ServerEventOf<'response.done'> => event.type === 'response.done'),
  );
}

/** A turn ends with a response that calls no function: the agents have said their last word. */
function turnEnd<Ctx>(session: RealtimeSession<Ctx>): Observable<ServerEventOf<'response.done'>> {
  return responsesDone(session).pipe(
    filter(
      (event) =>
        event.response.status !== 'completed' ||
        !(event.response.output ?? []).some((item) => item.type === 'function_call'),
    ),
    take(1),
  );
}

/** The text (or audio transcript) of the assistant messages in a response's output. */
function replyText(output: readonly ConversationItem[]): string {
  return output
    .flatMap((item): readonly unknown[] => (item.type === 'message' ? (item.content ?? []) : []))
    .map((part) => {
      const { text, transcript } = part as { text?: unknown; transcript?: unknown };
      return typeof text === 'string' ? text : typeof transcript === 'string' ? transcript : '';
    })
    .join('')
    .trim();
}
