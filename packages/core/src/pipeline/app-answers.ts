import type { ApprovalDecision } from './tool-runner.js';

/** What the pipeline can wait for from the app about a call: an approval decision, or the call's result. */
export interface AppAnswerKinds {
  readonly approval: ApprovalDecision;
  readonly result: unknown;
}

type Waiting = {
  [K in keyof AppAnswerKinds]: { kind: K; answer: (value: AppAnswerKinds[K]) => void };
}[keyof AppAnswerKinds];

/**
 * The calls waiting for the app: for `session.approve()` / `session.reject()`, or (tools without
 * `execute`) for `session.sendFunctionResult()`. A call waits for one answer at a time.
 */
export class AppAnswers {
  /** Made at the first call the app answers. */
  #waiting: Map<string, Waiting> | undefined;

  /** Waits for the app's answer of `kind` about `callId`; `announce` then tells the app it is awaited. */
  ask<K extends keyof AppAnswerKinds>(
    callId: string,
    kind: K,
    announce: () => void,
  ): Promise<AppAnswerKinds[K]> {
    return new Promise((answer) => {
      this.#waiting ??= new Map();
      this.#waiting.set(callId, { kind, answer } as Waiting);
      announce();
    });
  }

  /** Gives the app's answer; false when `callId` does not wait for one of that kind. */
  answer<K extends keyof AppAnswerKinds>(callId: string, kind: K, value: AppAnswerKinds[K]): boolean {
    const waiting = this.#waiting?.get(callId);
    if (waiting?.kind !== kind) return false;
    this.#waiting?.delete(callId);
    (waiting.answer as (value: AppAnswerKinds[K]) => void)(value);
    return true;
  }

  /** The call ended (or was aborted): it waits for nothing any more. */
  forget(callId: string): void {
    this.#waiting?.delete(callId);
  }

  clear(): void {
    this.#waiting?.clear();
  }

  get size(): number {
    return this.#waiting?.size ?? 0;
  }
}
