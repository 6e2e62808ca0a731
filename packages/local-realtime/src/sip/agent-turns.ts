import type { ServerEvent } from '@switchboard/core/protocol';

/** Watches a session's events to tell when the agent has finished answering. */
export interface AgentTurnWatch {
  observe(event: ServerEvent): void;
  /** The caller just spoke: the agent owes an answer. */
  callerSpoke(): void;
  /**
   * Resolves when no response is active, the agent answered since the caller last spoke (a
   * `response.done` that called no function, so tool follow-ups count as one answer), and nothing
   * happened for `quietMs` (default 800). Gives up after `timeoutMs` (default 20 s).
   */
  done(options?: { readonly quietMs?: number; readonly timeoutMs?: number }): Promise<void>;
}

const POLL_MS = 25;

/**
 * The caller's sense of turn-taking on a simulated call: speak, then wait until the agent is done.
 */
export function agentTurnWatch(): AgentTurnWatch {
  let active = 0;
  let answered = true;
  let lastActivity = performance.now();
  return {
    observe(event) {
      if (event.type === 'response.created') active += 1;
      if (event.type === 'response.done') {
        active = Math.max(0, active - 1);
        const calls = (event.response.output ?? []).some((item) => item.type === 'function_call');
        if (!calls) answered = true;
      }
      if (event.type.startsWith('response.') || event.type === 'input_audio_buffer.speech_stopped')
        lastActivity = performance.now();
    },
    callerSpoke() {
      answered = false;
      lastActivity = performance.now();
    },
    done({ quietMs = 800, timeoutMs = 20_000 } = {}) {
      const started = performance.now();
      return new Promise((resolve) => {
        const check = () => {
          const now = performance.now();
          const quiet = active === 0 && answered && now - lastActivity >= quietMs;
          if (quiet || now - started >= timeoutMs) return resolve();
          setTimeout(check, POLL_MS).unref?.();
        };
        check();
      });
    },
  };
}
