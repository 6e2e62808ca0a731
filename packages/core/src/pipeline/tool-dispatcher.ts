import { CallAfterCloseError } from '../errors/session-errors.js';
import { OutcomeRecordError } from '../errors/store-errors.js';
import { ToolAbortError } from '../errors/tool-abort-error.js';
import { type CancelReason, ToolExecutionError } from '../errors/tool-errors.js';
import { type FunctionCallItem, ProtocolError, type ServerEvent } from '../protocol/index.js';
import { agentToolNames, findTool } from '../session/session-config.js';
import { AppAnswers } from './app-answers.js';
import { untrustedCall } from './call-trust.js';
import type { DispatchHost } from './dispatch-host.js';
import { applyHandoff, type HandoffStepHost } from './handoff-step.js';
import { claimCall, recordOutcome } from './journal-step.js';
import { RecentIds } from './recent-ids.js';
import {
  type CallRecord,
  callSessionHandle,
  cancelledOutcome,
  endedStatus,
  followsUp,
  goesOnDespite,
  isOutOfBand,
  mayRun,
  ResponseBook,
  type ResponseCalls,
  settledAtStart,
} from './response-calls.js';
import type { JournaledCall } from './tool-outcomes.js';
import {
  type ApprovalDecision,
  type FunctionCall,
  failed,
  runToolCall,
  type ToolOutcome,
} from './tool-runner.js';

/** How many call ids are remembered to never run a call twice (a response never holds this many). */
const SEEN_CALLS_CAPACITY = 1_024;

/** The size of the dispatcher's bookkeeping, for tests: all zero once the session is closed. */
export interface DispatcherLoad {
  readonly responses: number;
  readonly calls: number;
  /** Calls waiting for the app: for an approval, or for their result. */
  readonly waitingForApp: number;
  readonly seenCalls: number;
}

/**
 * The tool pipeline: a completed `function_call` starts its tool at once; the tools
 * of one response run concurrently; each gets exactly one `function_call_output`; when the response
 * is done and every output is sent, one `response.create` follows (in the same tick as the last
 * output). A handoff in a response is applied after its sibling calls have their outputs (see
 * {@link applyHandoff}). Calls of an out-of-band response run too, but their outputs go only to
 * `toolCalls$`. An aborted call (interruption, cancelled response, handoff, close) is settled at
 * once: its output goes out before anything that follows the abort.
 */
export class ToolDispatcher<Ctx> {
  readonly #book = new ResponseBook<Ctx>();
  readonly #seenCalls = new RecentIds(SEEN_CALLS_CAPACITY);
  readonly #appAnswers = new AppAnswers();
  readonly #handoffStep: HandoffStepHost<Ctx>;
  #closed = false;
  /** The calls that went on past the close (`onInterrupt: 'finish'`). */
  #goingOn: readonly CallRecord[] = [];

  readonly #host: DispatchHost<Ctx>;

  constructor(host: DispatchHost<Ctx>) {
    this.#host = host;
    this.#handoffStep = {
      host,
      finish: (response, record, outcome) => this.#finish(response, record, outcome),
      abortOthers: (response) => this.#abortConversation('handoff', response),
      sessionHandle: (response, record) => callSessionHandle(host, response, record),
      runningCallIds: () => this.runningCallIds(),
    };
  }

  /** The ids of the calls not settled yet, in every response. */
  runningCallIds(): ReadonlySet<string> {
    return new Set(
      this.#book
        .active()
        .flatMap((response) => [...response.calls.values()])
        .filter((record) => !record.done)
        .map((record) => record.call.callId),
    );
  }

  /** Feeds one parsed server event to the pipeline. */
  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'response.created':
        if (event.response.id && !this.#book.knows(event.response.id))
          this.#book.open(event.response.id, this.#host.activeAgent(), isOutOfBand(event.response));
        return;
      case 'response.output_item.done':
        if (event.item.type === 'function_call') this.#start(event.response_id, event.item);
        return;
      case 'response.done': {
        const id = event.response.id;
        if (!id || this.#closed) return;
        const calls = (event.response.output ?? []).filter(
          (item): item is FunctionCallItem => item.type === 'function_call',
        );
        // A text response we never tracked.
        if (!this.#book.knows(id) && calls.length === 0) return;
        const response =
          this.#book.find(id) ?? this.#book.open(id, this.#host.activeAgent(), isOutOfBand(event.response));
        response.status = endedStatus(event.response.status);
        if (!mayRun(response)) this.#abortResponse(response, 'response_cancelled');
        // A call missed as output_item.done (or first seen here after a reconnect) starts now, once
        // the status is known: a call first seen in a cancelled response never runs.
        for (const item of calls) this.#start(id, item);
        this.#advance(response);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Takes over calls the model made before this session had the conversation (a resumed session, see
   * `SessionResume`): each goes through the pipeline as if it had just arrived (a call the outcome
   * store knows is not run again); their responses count as ended, so once every call has its output
   * the one follow-up `response.create` is requested.
   */
  adopt(calls: readonly JournaledCall[]): void {
    const responses = new Set<ResponseCalls<Ctx>>();
    for (const call of calls) {
      // A call the history holds without an output names the resumed agent, which may not be the one
      // that made it (a handoff's target holds no `transfer_to_` itself): it goes to an agent with its tool.
      const named = this.#host.agentNamed(call.agent) ?? this.#host.activeAgent();
      const agent = findTool(named, call.name) ? named : (this.#host.agentWithTool(call.name) ?? named);
      const responseId = agent === named ? call.responseId : `${call.responseId}:${agent.name}`;
      let response = this.#book.find(responseId);
      if (!response) {
        response = this.#book.open(responseId, agent, false);
        response.status = 'incomplete';
      }
      responses.add(response);
      this.#start(responseId, {
        type: 'function_call',
        call_id: call.callId,
        name: call.name,
        arguments: call.arguments,
      } as FunctionCallItem);
    }
    for (const response of responses) this.#advance(response);
  }

  /** Resolves a pending approval. Returns false when no call with that id is waiting. */
  decide(callId: string, decision: ApprovalDecision): boolean {
    return this.#appAnswers.answer(callId, 'approval', decision);
  }

  /**
   * Gives the result of a call whose tool has no `execute` (the app answers it). Returns false when
   * no call with that id waits for its result.
   */
  provideResult(callId: string, result: unknown): boolean {
    return this.#appAnswers.answer(callId, 'result', result);
  }

  /** Whether the pipeline has seen a call of that id (it runs, ran, or refused to run it). */
  knowsCall(callId: string): boolean {
    return this.#seenCalls.has(callId);
  }

  /**
   * The user interrupted: every call of a conversation response is aborted (its cancelled output is
   * sent now), calls that arrive later in those responses never run, and no follow-up is requested.
   * Out-of-band responses are not part of what the user talked over and go on.
   */
  interrupt(): void {
    this.#abortConversation('interrupted');
  }

  /**
   * The app hands the conversation to another agent (`session.handoffTo()`): the calls of every
   * conversation response belong to the agent being left and are cancelled (`handoff`), as the
   * older calls are when the model hands off; their outputs go out now.
   */
  handoffFromApp(): void {
    this.#abortConversation('handoff');
  }

  /**
   * The connection went away: responses still in progress on it will never end there, so each counts
   * as ended (`incomplete`); once its calls have their outputs it gets its one follow-up.
   */
  connectionLost(): void {
    for (const response of this.#book.active()) {
      if (response.status !== 'in_progress') continue;
      response.status = 'incomplete';
      this.#advance(response);
    }
  }

  /**
   * The session closed: every call still running is aborted and settled now (its `tool_end` says the
   * output was not sent), later calls are reported, and the bookkeeping is emptied. Calls whose tool
   * says `onInterrupt: 'finish'` and whose `execute` runs go on (see {@link goingOnEnded}).
   */
  close(): void {
    this.#closed = true;
    const active = this.#book.active();
    for (const response of active) this.#abortResponse(response, 'session_closed');
    this.#goingOn = active.flatMap((response) =>
      [...response.calls.values()].filter((record) => !record.done),
    );
    this.#book.clear();
    this.#appAnswers.clear();
    this.#seenCalls.clear();
  }

  /**
   * Settles (never rejects) once the calls that went on past {@link close} have reported their real
   * outcome, and recorded it in the outcome store (when the session has one).
   */
  goingOnEnded(): Promise<void> {
    return Promise.all(this.#goingOn.map((record) => record.settled.then(() => record.recorded))).then(
      () => undefined,
    );
  }

  /**
   * Whether a conversation response is still in the pipeline's hands: in progress, with a call
   * running or waiting for approval, or with a handoff being applied. Out-of-band responses do not count.
   */
  get busy(): boolean {
    return this.#book.active().some((response) => !response.outOfBand);
  }

  /** The size of the bookkeeping (tests check that a closed session holds nothing). */
  get load(): DispatcherLoad {
    return { ...this.#book.load, waitingForApp: this.#appAnswers.size, seenCalls: this.#seenCalls.size };
  }

  #start(responseId: string, item: FunctionCallItem): void {
    if (!item.call_id) {
      // Without a call_id no output can be matched to the call: report it rather than guess.
      const issues = [{ path: 'item.call_id', message: 'a completed function_call needs a call_id' }];
      this.#host.error(
        new ProtocolError({ direction: 'server', eventType: 'response.output_item.done', issues, raw: item }),
      );
      return;
    }
    const call: FunctionCall = { name: item.name, callId: item.call_id, arguments: item.arguments ?? '' };
    if (this.#seenCalls.has(call.callId)) return;
    this.#seenCalls.add(call.callId);
    if (this.#closed) {
      this.#host.error(new CallAfterCloseError(call.name, call.callId));
      return;
    }
    const response =
      this.#book.find(responseId) ?? this.#book.open(responseId, this.#host.activeAgent(), false);
    const { agent } = response;
    const tool = findTool(agent, call.name);
    const kind = tool?.kind ?? 'function';
    const record: CallRecord = {
      call,
      kind,
      controller: new AbortController(),
      startedAt: performance.now(),
      onInterrupt: tool?.kind === 'function' ? tool.onInterrupt : 'cancel',
      runner: undefined,
      interruptedBy: undefined,
      settled: Promise.resolve(),
      done: false,
    };
    response.calls.set(call.callId, record);
    this.#host.toolEvent({
      type: 'tool_start',
      kind,
      callId: call.callId,
      name: call.name,
      agent: agent.name,
      responseId,
      arguments: call.arguments,
      outOfBand: response.outOfBand,
    });

    const settled = settledAtStart(
      response,
      call,
      tool,
      (handoff) => this.#host.resolveHandoff(handoff).name,
    );
    if (settled) {
      this.#finish(response, record, settled);
      return;
    }
    // Before anything of the tool runs (its arguments' transforms, an approval, a handoff's hooks).
    const untrusted = untrustedCall(call, tool, this.#host.modelEvents);
    if (untrusted) {
      this.#host.error(untrusted);
      this.#finish(response, record, failed(untrusted));
      return;
    }
    if (tool?.kind === 'handoff') {
      response.handoff = { call, handoff: tool, started: false };
      return;
    }
    const run = () =>
      this.#host.inToolCall(call.callId, () =>
        runToolCall(call, {
          tool,
          availableTools: agentToolNames(agent),
          controller: record.controller,
          defaultTimeoutMs: this.#host.defaultTimeoutMs,
          context: {
            context: this.#host.context,
            callId: call.callId,
            idempotencyKey: this.#host.idempotencyKey(call.callId),
            agent,
            session: callSessionHandle(this.#host, response, record),
          },
          requestApproval: (args) =>
            this.#appAnswers.ask(call.callId, 'approval', () =>
              this.#host.toolEvent({
                type: 'approval_requested',
                callId: call.callId,
                name: call.name,
                agent: agent.name,
                arguments: args,
              }),
            ),
          requestResult: (args) =>
            this.#appAnswers.ask(call.callId, 'result', () =>
              this.#host.toolEvent({
                type: 'result_requested',
                callId: call.callId,
                name: call.name,
                agent: agent.name,
                arguments: args,
              }),
            ),
          running: (by) => {
            record.runner = by;
          },
        }),
      );
    // A name the agent does not have runs nothing: there is nothing to claim (nor without a store:
    // then the call runs at once, with no async step of its own).
    const timeoutMs = tool?.timeoutMs ?? this.#host.defaultTimeoutMs;
    record.settled = (
      tool && this.#host.toolOutcomes ? this.#claimed(response, record, timeoutMs, run) : run()
    )
      .then((outcome) => this.#finish(response, record, outcome))
      .catch((error: unknown) =>
        this.#finish(response, record, failed(new ToolExecutionError(call.name, call.callId, error))),
      );
  }

  /**
   * Claims the call in the outcome store (when the session has one) and runs it only when the store
   * says it is new (or, `repeatable`, not failed: see `claimCall`); otherwise resolves with the outcome
   * an earlier owner left (sent as it was, or "interrupted"), and the tool does not run.
   */
  async #claimed<T>(
    response: ResponseCalls<Ctx>,
    record: CallRecord,
    timeoutMs: number,
    run: () => Promise<T>,
    repeatable = false,
  ): Promise<T | ToolOutcome> {
    const journal = this.#host.toolOutcomes;
    if (!journal) return run();
    const entry: JournaledCall = {
      callId: record.call.callId,
      name: record.call.name,
      arguments: record.call.arguments,
      responseId: response.id,
      agent: response.agent.name,
    };
    const decision = await claimCall(
      journal,
      entry,
      { signal: record.controller.signal, timeoutMs },
      { repeatable },
    );
    if (!decision.run) {
      record.replayed = true;
      return decision.outcome;
    }
    record.journaled = entry;
    return run();
  }

  /**
   * Settles a call: its outcome is recorded in the outcome store first (when it was claimed to run
   * here), then its output is sent. `now`: an aborted call, whose output must go out before anything
   * that follows the abort; its record is written without waiting. The write is kept as
   * `record.recorded`, so a closing session waits for the calls that went on past it (`'finish'`) to
   * be in the store before another process may take the conversation.
   */
  #finish(response: ResponseCalls<Ctx>, record: CallRecord, outcome: ToolOutcome, now = false): void {
    if (record.done) return;
    record.done = true;
    this.#appAnswers.forget(record.call.callId);
    const journal = this.#host.toolOutcomes;
    const recorded =
      journal && record.journaled
        ? recordOutcome(journal, record.journaled, outcome, {
            timeoutMs: this.#host.defaultTimeoutMs,
            report: (error) => this.#host.error(error),
          })
        : undefined;
    if (!recorded || now) {
      record.recorded = recorded;
      this.#deliver(response, record, outcome);
      return;
    }
    record.recorded = recorded
      .then(() => this.#deliver(response, record, outcome))
      // #deliver is the synchronous send of the unjournaled path; nothing in it is expected to throw.
      .catch((error: unknown) =>
        this.#host.error(new OutcomeRecordError(record.call.name, record.call.callId, error)),
      );
  }

  /** Sends a settled call's output (unless the session closed or the call is out-of-band) and reports its end. */
  #deliver(response: ResponseCalls<Ctx>, record: CallRecord, outcome: ToolOutcome): void {
    const { call } = record;
    const outputSent = !this.#closed && !response.outOfBand;
    if (outputSent) {
      this.#host.send({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: call.callId, output: outcome.output },
      });
    }
    this.#host.toolEvent({
      type: 'tool_end',
      kind: record.kind,
      callId: call.callId,
      name: call.name,
      agent: response.agent.name,
      responseId: response.id,
      durationMs: performance.now() - record.startedAt,
      outcome: outcome.ok ? 'success' : outcome.error.code,
      output: outcome.output,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      outputSent,
      outOfBand: response.outOfBand,
      ...(record.replayed ? { replayed: true } : {}),
      ...(record.interruptedBy ? { interruptedBy: record.interruptedBy } : {}),
    });
    this.#advance(response);
  }

  /** Moves a response on once it is done and its function calls have their outputs. */
  #advance(response: ResponseCalls<Ctx>): void {
    if (response.status === 'in_progress' || response.finished || this.#closed) return;
    const handoff = response.handoff;
    const handoffRecord = handoff ? response.calls.get(handoff.call.callId) : undefined;
    for (const record of response.calls.values()) if (!record.done && record !== handoffRecord) return;
    if (handoff && handoffRecord && !handoffRecord.done) {
      if (handoff.started) return;
      handoff.started = true;
      const apply = async () => {
        const outcome = await this.#claimed(
          response,
          handoffRecord,
          this.#host.defaultTimeoutMs,
          async () => {
            await this.#host.inToolCall(handoff.call.callId, () =>
              applyHandoff(this.#handoffStep, response, handoff),
            );
            return undefined;
          },
          true,
        );
        if (outcome) this.#finish(response, handoffRecord, outcome);
      };
      apply().catch((error: unknown) =>
        this.#finish(
          response,
          handoffRecord,
          failed(new ToolExecutionError(handoff.call.name, handoff.call.callId, error)),
        ),
      );
      return;
    }
    this.#book.finish(response);
    const followUp = followsUp(response) && !response.followedUp;
    if (followUp) response.followedUp = true;
    if (followUp || response.responseWanted) {
      this.#host.requestResponse(response.id, followUp ? 'outputs' : 'tool_text');
      response.responseWanted = false;
    }
  }

  /** Aborts the calls of every conversation response (out-of-band ones go on), but `except`'s. */
  #abortConversation(reason: CancelReason, except?: ResponseCalls<Ctx>): void {
    for (const response of this.#book.active())
      if (response !== except && !response.outOfBand) this.#abortResponse(response, reason);
  }

  #abortResponse(response: ResponseCalls<Ctx>, reason: CancelReason): void {
    response.aborted = response.aborted ?? reason;
    for (const record of response.calls.values()) {
      if (record.done) continue;
      if (goesOnDespite(record, reason)) {
        record.interruptedBy = record.interruptedBy ?? reason;
        continue;
      }
      record.controller.abort(new ToolAbortError(reason));
      this.#finish(response, record, cancelledOutcome(record.call, reason), true);
    }
  }
}
