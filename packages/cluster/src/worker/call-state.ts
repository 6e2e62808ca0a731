import type { ConversationItem } from '@switchboard/core';

/** A call's snapshot in Redis, written at each takeover, input, tool completion, handoff and response. */
export interface CallSnapshot {
  /** The worker holding the call. */
  readonly owner: string;
  /** How many times the call was taken (1 for the first worker; +1 per failover or hand-over). */
  readonly epoch: number;
  /** The active agent. */
  readonly agent: string;
  /** The shared context of the call's swarm. */
  readonly context: unknown;
  /** The conversation (websocket calls; empty for calls that live on the API side). */
  readonly history: readonly ConversationItem[];
  /** The last input stream entry handled. */
  readonly cursor: string;
}

/** The events a call tells the app, in its output stream. */
export type CallEvent =
  /** A worker took the call: the first, or after a failover or hand-over (`resumed`). */
  | { readonly type: 'assigned'; readonly worker: string; readonly resumed: boolean; readonly epoch: number }
  /** A response ended; `toolCalls` is 0 when the agent said its last word for this turn. */
  | {
      readonly type: 'response';
      readonly agent: string;
      readonly text: string;
      readonly toolCalls: number;
      readonly status: string;
    }
  /** A tool call ended; `replayed`: its outcome came from the journal (the tool did not run again). */
  | {
      readonly type: 'tool';
      readonly agent: string;
      readonly name: string;
      readonly callId: string;
      /** The arguments as the model sent them (a JSON string). */
      readonly arguments: string;
      readonly outcome: string;
      readonly output: string;
      readonly replayed: boolean;
      readonly durationMs: number;
    }
  /** A call waits for `ClusterCall.approve` or `reject`. */
  | {
      readonly type: 'approval';
      readonly agent: string;
      readonly name: string;
      readonly callId: string;
      readonly arguments: unknown;
    }
  | { readonly type: 'handoff'; readonly from: string; readonly to: string }
  /** The call is over: the app hung up, the far end ended it, or it could not start. */
  | { readonly type: 'ended'; readonly reason: 'hangup' | 'remote' | 'failed'; readonly message?: string };

/** What the app sends to a websocket call. */
export type CallInput =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'approve'; readonly callId: string }
  | { readonly type: 'reject'; readonly callId: string; readonly reason?: string }
  | { readonly type: 'hangup' };

/** The text (or audio transcript) of the assistant messages in a response's output. */
export function replyText(output: readonly ConversationItem[]): string {
  return output
    .flatMap((item): readonly unknown[] => (item.type === 'message' ? (item.content ?? []) : []))
    .map((part) => {
      const { text, transcript } = part as { text?: unknown; transcript?: unknown };
      return typeof text === 'string' ? text : typeof transcript === 'string' ? transcript : '';
    })
    .join('')
    .trim();
}
