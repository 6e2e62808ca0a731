import type { Observable, Subscription } from 'rxjs';
import type { TurnMetrics } from './turn-meter.js';

/** Where {@link logTurnSummaries} writes. */
export interface TurnSummaryOptions {
  /** Receives one line per turn (default `console.log`). A log function that throws loses that line only. */
  readonly log?: (line: string) => void;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/**
 * One line about a settled turn: id, status, agent, what started it, time to the first delta, the
 * turn's duration, its tool calls, responses, tokens and cost.
 *
 * @example
 * ```ts
 * import { turnSummary, type TurnMetrics } from '@switchboard/core';
 *
 * declare const metrics: TurnMetrics;
 * console.log(turnSummary(metrics));
 * // turn_2 completed · Billing · text · first delta 412 ms · took 1840 ms · tools lookup_invoice success 12 ms · 2 responses · tokens 1310 in / 121 out · $0.0061
 * ```
 */
export function turnSummary(metrics: TurnMetrics): string {
  const parts = [
    `${metrics.turnId} ${metrics.status}`,
    metrics.agent,
    metrics.input,
    `first delta ${metrics.firstDeltaMs === undefined ? '–' : ms(metrics.firstDeltaMs)}`,
    `took ${ms(metrics.durationMs)}`,
  ];
  if (metrics.toolCalls.length > 0)
    parts.push(
      `tools ${metrics.toolCalls.map((call) => `${call.name} ${call.outcome} ${ms(call.durationMs)}`).join(', ')}`,
    );
  if (metrics.handoffs > 0) parts.push(`${metrics.handoffs} handoff${metrics.handoffs === 1 ? '' : 's'}`);
  parts.push(`${metrics.responses} response${metrics.responses === 1 ? '' : 's'}`);
  parts.push(`tokens ${metrics.tokens.input} in / ${metrics.tokens.output} out`);
  if (metrics.costUsd !== undefined) parts.push(`$${metrics.costUsd.toFixed(4)}`);
  return parts.join(' · ');
}

/**
 * Logs a {@link turnSummary} line for every turn of `session` as it settles. Unsubscribe to stop;
 * it stops by itself when the session closes.
 *
 * @example
 * ```ts
 * import { logTurnSummaries, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * logTurnSummaries(session, { log: (line) => process.stderr.write(`${line}\n`) });
 * ```
 */
export function logTurnSummaries(
  session: { readonly metrics$: Observable<TurnMetrics> },
  options: TurnSummaryOptions = {},
): Subscription {
  const log = options.log ?? ((line: string) => console.log(line));
  return session.metrics$.subscribe((metrics) => {
    try {
      log(turnSummary(metrics));
    } catch {
      // The line is lost; the session and the other turns' lines are not.
    }
  });
}
