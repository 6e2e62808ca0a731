import { vi } from 'vitest';
import { inspectSession } from '../../src/session/session-internals.js';
import type { ScenarioRun } from './harness.js';

/**
 * The invariants of issue 9, checked after a scenario has run and the session has closed. Returns
 * every violation found, in words (empty when the scenario passed).
 */
export function violations(run: ScenarioRun, escaped: readonly unknown[]): string[] {
  const found: string[] = [];
  const fail = (message: string) => found.push(message);

  for (const error of escaped) fail(`escaped (unhandled rejection or uncaught exception): ${String(error)}`);
  for (const error of run.unexpectedThrows) fail(`an app call threw ${String(error)}`);

  // Every call has one start and one end; out-of-band outputs never reach the conversation.
  const starts = new Map<string, { outOfBand: boolean; responseId: string }>();
  const ends = new Map<string, { outputSent: boolean; outOfBand: boolean }>();
  for (const event of run.toolEvents) {
    if (event.type === 'tool_start') {
      if (starts.has(event.callId)) fail(`call ${event.callId} started twice`);
      starts.set(event.callId, { outOfBand: event.outOfBand, responseId: event.responseId });
    } else if (event.type === 'tool_end') {
      if (ends.has(event.callId)) fail(`call ${event.callId} ended twice`);
      if (!starts.has(event.callId)) fail(`call ${event.callId} ended without a start`);
      ends.set(event.callId, { outputSent: event.outputSent, outOfBand: event.outOfBand });
    }
  }
  for (const callId of starts.keys()) if (!ends.has(callId)) fail(`call ${callId} never ended`);
  for (const callId of run.calls.keys()) if (!starts.has(callId)) fail(`call ${callId} was never started`);

  // Nothing runs twice; nothing runs (or asks for approval) after a cancel.
  for (const callId of run.context.startedAfterEnd) fail(`call ${callId} started executing after it ended`);
  for (const [callId, count] of run.context.executed)
    if (count > 1) fail(`call ${callId} executed ${count} times`);
  for (const callId of run.mustNotRun) {
    if (run.context.executed.has(callId))
      fail(`call ${callId} executed after its response was cancelled or interrupted`);
    if (run.toolEvents.some((event) => event.type === 'approval_requested' && event.callId === callId))
      fail(`call ${callId} asked for approval after its response was cancelled or interrupted`);
  }

  // Outputs on the wire: at most one per call per connection, none again once echoed, one for every
  // call whose end says it was sent (unless the connection died for good), none for out-of-band calls.
  const outputs = new Map<string, number[]>();
  for (const { generation, event } of run.wire) {
    if (event.type !== 'conversation.item.create' || event.item.type !== 'function_call_output') continue;
    if (event.item.id !== undefined) continue; // a restored history item, not a pipeline output
    outputs.set(event.item.call_id, [...(outputs.get(event.item.call_id) ?? []), generation]);
  }
  for (const [callId, generations] of outputs) {
    if (new Set(generations).size !== generations.length)
      fail(`call ${callId} got two outputs on one connection`);
    const echoedOn = run.echoed.get(callId);
    if (echoedOn !== undefined && generations.some((generation) => generation > echoedOn))
      fail(`call ${callId} got its output again after the server echoed it`);
    if (starts.get(callId)?.outOfBand)
      fail(`out-of-band call ${callId} had its output written to the conversation`);
  }
  for (const [callId, end] of ends) {
    if (end.outputSent && !outputs.has(callId) && !run.wireDead)
      fail(`call ${callId} says its output was sent; none was`);
    if (!end.outputSent && !end.outOfBand && !run.endedWhileClosing.has(callId))
      fail(`call ${callId} of a conversation response ended before close without an output`);
  }

  // At most one automatic response.create per response; none for out-of-band, cancelled or failed ones.
  const creates = run.wire.filter(
    ({ event }) => event.type === 'response.create' && event.response?.conversation !== 'none',
  ).length;
  const refused = run.wire.filter(
    ({ event }) => event.type === 'response.create' && run.refused.has(event.event_id ?? ''),
  ).length;
  const withCalls = new Set(
    [...starts.values()].filter((start) => !start.outOfBand).map((start) => start.responseId),
  );
  const followUps = run.responses.filter(
    (response) =>
      withCalls.has(response.id) &&
      (response.status === undefined || response.status === 'completed' || response.status === 'incomplete'),
  ).length;
  const budget = run.appRequests + run.context.toolTexts + followUps + refused + run.lostCreates;
  if (creates > budget)
    fail(
      `${creates} response.create sent; allowed ${budget} (app ${run.appRequests}, tool texts ${run.context.toolTexts}, follow-ups ${followUps}, refused ${refused}, lost ${run.lostCreates})`,
    );

  // The pipeline asks for one follow-up per response at most, never for an out-of-band, cancelled,
  // failed or interrupted one.
  const byId = new Map(run.responses.map((response) => [response.id, response]));
  const followedUp = new Set<string>();
  for (const { responseId, reason } of run.followUps) {
    if (reason !== 'outputs') continue;
    if (followedUp.has(responseId)) fail(`response ${responseId} got a second follow-up`);
    followedUp.add(responseId);
    const response = byId.get(responseId);
    if (response?.outOfBand) fail(`out-of-band response ${responseId} got a follow-up`);
    if (response?.status === 'cancelled' || response?.status === 'failed')
      fail(`${response.status} response ${responseId} got a follow-up`);
    if (response?.interrupted) fail(`interrupted response ${responseId} got a follow-up`);
  }

  // A conversation response whose calls all ended with outputs (none cancelled) gets its follow-up,
  // also when the connection was cut under it.
  const endings = new Map<string, string[]>();
  const firstStart = new Map<string, number>();
  run.toolEvents.forEach((event, index) => {
    if (event.type === 'tool_start' && !firstStart.has(event.responseId))
      firstStart.set(event.responseId, index);
  });
  for (const event of run.toolEvents) {
    if (event.type !== 'tool_end' || event.outOfBand) continue;
    const outcome = run.endedWhileClosing.has(event.callId) ? 'closing' : event.outcome;
    endings.set(event.responseId, [...(endings.get(event.responseId) ?? []), outcome]);
  }
  for (const [responseId, outcomes] of endings) {
    const response = byId.get(responseId);
    const ended = response?.status === 'completed' || response?.status === 'incomplete' || response?.cut;
    const settled = outcomes.every((outcome) => outcome !== 'cancelled' && outcome !== 'closing');
    // A handoff made meanwhile cancels the other responses: its own follow-up speaks for them.
    const handedOff = run.handoffsAt.some((at) => at > (firstStart.get(responseId) ?? 0));
    const possible = ended && response?.endedWhileOpen && !response.interrupted && !handedOff;
    if (response && possible && settled && !followedUp.has(responseId))
      fail(`response ${responseId} got no follow-up after its outputs`);
  }
  for (const event of run.toolEvents) {
    if (event.type === 'approval_requested' && run.context.ended.has(event.callId)) {
      const endIndex = run.toolEvents.findIndex(
        (end) => end.type === 'tool_end' && end.callId === event.callId,
      );
      if (endIndex < run.toolEvents.indexOf(event))
        fail(`call ${event.callId} asked for approval after it ended`);
    }
  }

  // A reconnect loses nothing: outputs the old connection never echoed and a request it never
  // answered go out again on the next connection that opened with the agent's config.
  const reopenedAfter = (generation: number) =>
    run.wire.some((sent) => sent.generation > generation && sent.event.type === 'session.update');
  for (const [callId, generations] of outputs) {
    const last = Math.max(...generations);
    if (run.echoed.get(callId) !== last && reopenedAfter(last) && !starts.get(callId)?.outOfBand)
      fail(`call ${callId}: its output, never echoed on connection ${last}, was not sent again`);
  }
  for (const lost of run.lostAt) {
    const resent = run.wire.some(
      (sent) =>
        sent.generation > lost.generation &&
        sent.event.type === 'response.create' &&
        sent.event.response?.conversation !== 'none',
    );
    if (reopenedAfter(lost.generation) && run.interrupts === lost.interrupts && !resent)
      fail(`a response.create lost with connection ${lost.generation} was not sent again`);
  }

  // After close: nothing sent, no timers, no subscriptions, nothing left in the pipeline.
  if (run.session.state !== 'closed') fail(`session is ${run.session.state} after close()`);
  if (run.closeStartedAt && run.wire.length !== run.closeStartedAt.wire)
    fail(`${run.wire.length - run.closeStartedAt.wire} client events sent after close()`);
  // Every turn settles; one that settled because the model yielded had no call running or waiting;
  // a call ends in one turn (a turn superseded by new input hands its running calls to the next).
  for (const turnId of run.turnsLeftOpen) fail(`${turnId} stayed open while the session was idle`);
  const endedIn = new Map<string, string>();
  for (const { turn, result } of run.turns) {
    if (!result) {
      fail(`${turn.id} never settled`);
      continue;
    }
    const yielded = result.status !== 'interrupted' && result.status !== 'closed';
    for (const call of result.toolCalls) {
      if (call.outcome === undefined) {
        if (yielded) fail(`${turn.id} settled ${result.status} while call ${call.callId} had no outcome`);
        continue;
      }
      const other = endedIn.get(call.callId);
      if (other) fail(`call ${call.callId} ended in ${other} and in ${turn.id}`);
      endedIn.set(call.callId, turn.id);
    }
  }

  const timers = vi.getTimerCount() - run.context.appTimers;
  if (timers !== 0) fail(`${timers} timers of the session left after close()`);
  if (run.liveSubscriptions !== 0)
    fail(`${run.liveSubscriptions} transport subscriptions left after close()`);
  const inside = inspectSession(run.session);
  const load = inside.dispatcher;
  if (load.responses + load.calls + load.waitingForApp + load.seenCalls !== 0)
    fail(`dispatcher not empty after close(): ${JSON.stringify(load)}`);
  if (inside.unechoedOutputs !== 0) fail(`${inside.unechoedOutputs} unechoed outputs kept after close()`);
  if (!inside.unsubscribed) fail('session subscriptions still open after close()');
  return found;
}
