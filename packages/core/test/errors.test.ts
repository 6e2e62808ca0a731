import { type ErrorPin, errorPinProblems } from '@switchboard/house';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { costUnknown } from '../src/errors/budget-error.js';
import * as core from '../src/index.js';
import {
  AgentConfigError,
  AudioSettingKeptWarning,
  BudgetError,
  CallAfterCloseError,
  ConnectionClosedError,
  ForeignSessionUpdateError,
  FunctionResultError,
  GuardrailError,
  HandoffError,
  HandoffResolutionError,
  HandoffSummaryError,
  InputTooLargeError,
  InstructionsError,
  InvalidToolNameError,
  ItemRetrieveError,
  OutcomeRecordError,
  ProtocolError,
  ProtocolWarning,
  RecordedToolError,
  RecordingFormatError,
  ReplayMismatchError,
  RolloverSummaryError,
  ServerError,
  SessionArgumentError,
  type SessionError,
  SessionOptionError,
  SessionStateError,
  StoreConflictError,
  SwarmConfigError,
  TelemetryError,
  ToolAbortError,
  ToolArgumentsError,
  ToolCancelledError,
  ToolConfigError,
  ToolExecutionError,
  ToolInterruptedError,
  ToolRejectedError,
  ToolResultError,
  ToolTimeoutError,
  TransportCloseError,
  TransportConfigError,
  TransportConnectError,
  TransportSendError,
  UnknownAgentError,
  UnknownToolError,
  UnknownTransportError,
  UntrustedCallError,
} from '../src/index.js';
import { createServerScript } from '../src/testing/index.js';

const script = createServerScript();
const closed = { kind: 'server_closed', code: 1011, reason: 'internal error' } as const;

/** One of each error class a user can catch: its name, its stable code, and the shape of its message. */
const CASES: readonly ErrorPin[] = [
  [
    new ProtocolError({
      direction: 'server',
      eventType: 'response.done',
      issues: [{ path: 'response.id', message: 'expected string, received number' }],
      raw: {},
    }),
    'ProtocolError',
    'malformed_event',
    /^malformed server event "response\.done": response\.id: expected string, received number$/,
  ],
  [
    new ProtocolWarning({
      eventType: 'session.updated',
      issue: { path: 'session.x', message: 'bad' },
      raw: {},
    }),
    'ProtocolWarning',
    'carried_field_mismatch',
    /^server event "session\.updated" delivered with an unexpected value it only carries: session\.x: bad$/,
  ],
  [
    new ServerError(script.error('invalid_value', 'voice is locked', 'evt_1') as never),
    'ServerError',
    'invalid_value',
    /^server error invalid_value: voice is locked$/,
  ],
  [
    new SessionArgumentError('interrupt', 'playedMs', Number.NaN, 'a finite number ≥ 0'),
    'SessionArgumentError',
    'invalid_argument',
    /^interrupt: playedMs must be a finite number ≥ 0; got NaN$/,
  ],
  [
    new ItemRetrieveError('timeout', 'item_1', 'no answer within 5000 ms'),
    'ItemRetrieveError',
    'timeout',
    /^could not retrieve item "item_1": no answer within 5000 ms$/,
  ],
  [
    new FunctionResultError('owned_by_pipeline', 'call_1', 'the tool pipeline answers it'),
    'FunctionResultError',
    'owned_by_pipeline',
    /^cannot send a result for call "call_1": the tool pipeline answers it$/,
  ],
  [new CallAfterCloseError('echo', 'call_1'), 'CallAfterCloseError', 'call_after_close', /it was not run$/],
  [
    new SessionStateError('sendText', 'closed'),
    'SessionStateError',
    'invalid_session_state',
    /^cannot sendText: the session is closed; .*create a new RealtimeSession/,
  ],
  [
    new SessionStateError('connect', 'open'),
    'SessionStateError',
    'invalid_session_state',
    /connect\(\) is called once per session$/,
  ],
  [
    new InputTooLargeError('audio', 20, 10),
    'InputTooLargeError',
    'input_too_large',
    /at most 10 bytes per event: send it in smaller chunks$/,
  ],
  [
    new HandoffError('Triage', 'Billing', new Error('no')),
    'HandoffError',
    'handoff_failed',
    /^handoff from "Triage" to "Billing" failed: no$/,
  ],
  [
    new InstructionsError('Triage', new Error('boom')),
    'InstructionsError',
    'instructions_failed',
    /^the instructions of agent "Triage" threw: boom$/,
  ],
  [
    new GuardrailError('moderation', 'output', 'timed_out', 'tripped', 'no verdict within 5000 ms'),
    'GuardrailError',
    'guardrail_failed',
    /^the output guardrail "moderation" failed \(no verdict within 5000 ms\); the text was stopped as if it tripped$/,
  ],
  [
    new GuardrailError('moderation', 'input', 'threw', 'passed', 'it threw: down'),
    'GuardrailError',
    'guardrail_failed',
    /^the input guardrail "moderation" failed \(it threw: down\); the text was let through$/,
  ],
  [
    new HandoffSummaryError('Triage', 'Billing', 'no summary within 30000 ms'),
    'HandoffSummaryError',
    'handoff_summary_failed',
    /^the summary for the handoff from "Triage" to "Billing" failed \(the whole conversation was kept\): no summary within 30000 ms$/,
  ],
  [
    new AudioSettingKeptWarning('Billing', 'voice'),
    'AudioSettingKeptWarning',
    'audio_setting_kept',
    /^agent "Billing" declares its own voice, which cannot change mid-call; the call keeps the current one$/,
  ],
  [
    new RolloverSummaryError(new Error('model down')),
    'RolloverSummaryError',
    'summary_failed',
    /^could not summarize the conversation for a rollover: model down$/,
  ],
  [
    new BudgetError('model_not_switched', 'gpt-realtime-mini', 'the session cannot roll over any more'),
    'BudgetError',
    'model_not_switched',
    /^budget: the session cannot roll over any more$/,
  ],
  [
    costUnknown('my-llama'),
    'BudgetError',
    'cost_unknown',
    /^budget: cannot count the cost of responses from "my-llama": it is not in the price table \(pass it in the session's prices\); its tokens still count$/,
  ],
  [
    new TelemetryError('call_1', new Error('broken')),
    'TelemetryError',
    'telemetry_failed',
    /^the telemetry integration threw around call call_1: broken$/,
  ],
  [
    new ConnectionClosedError(closed),
    'ConnectionClosedError',
    'connection_closed',
    /^the connection closed: /,
  ],
  [new TransportConnectError(closed), 'TransportConnectError', 'connect_failed', /^could not connect: /],
  [
    new TransportSendError({ type: 'response.create' }, 'the transport is closed'),
    'TransportSendError',
    'send_failed',
    /^could not send response\.create: the transport is closed$/,
  ],
  [
    new TransportCloseError('close', new Error('socket already destroyed')),
    'TransportCloseError',
    'close_failed',
    /^socket already destroyed$/,
  ],
  [
    new TransportConfigError('websocket', 'url', 'give either url or azure, not both'),
    'TransportConfigError',
    'invalid_transport_option',
    /^Invalid option "url" of the websocket transport: give either url or azure, not both\.$/,
  ],
  [
    new UnknownTransportError('carrier-pigeon', ['websocket']),
    'UnknownTransportError',
    'unknown_transport',
    /; import the package that registers it/,
  ],
  [
    new RecordingFormatError(3, 'not JSON'),
    'RecordingFormatError',
    'invalid_recording',
    /^recording line 3: /,
  ],
  [
    new ReplayMismatchError(0, { type: 'response.create' }, { type: 'response.cancel' }, [
      { path: 'type', expected: 'response.create', actual: 'response.cancel' },
    ]),
    'ReplayMismatchError',
    'replay_mismatch',
    /^client event #0 \(response\.cancel\) differs from the recording:\n {2}type: expected "response\.create", got "response\.cancel"/,
  ],
  [
    new InvalidToolNameError('name', 'get weather'),
    'InvalidToolNameError',
    'invalid_tool_name',
    /Tool names must match/,
  ],
  [
    new ToolConfigError('get_weather', 'timeoutMs', 0, 'a number above 0'),
    'ToolConfigError',
    'invalid_tool_option',
    /^Invalid option "timeoutMs" of tool "get_weather": expected a number above 0, got 0\.$/,
  ],
  [
    new SessionOptionError('toolTimeoutMs', 0, 'a number above 0'),
    'SessionOptionError',
    'invalid_session_option',
    /^Invalid session option "toolTimeoutMs": expected a number above 0, got 0\.$/,
  ],
  [
    new AgentConfigError('invalid_agent_name', undefined, 'name', '  ', 'must be a non-empty string'),
    'AgentConfigError',
    'invalid_agent_name',
    /^Invalid an agent: field "name" must be a non-empty string/,
  ],
  [
    new HandoffResolutionError('the target function threw'),
    'HandoffResolutionError',
    'unresolved_handoff',
    /^Could not resolve a handoff target: /,
  ],
  [
    new SwarmConfigError('no_agents', 'A swarm needs at least one agent.'),
    'SwarmConfigError',
    'no_agents',
    /^A swarm needs/,
  ],
  [
    new UnknownAgentError('Sales', ['Triage']),
    'UnknownAgentError',
    'unknown_agent',
    /^No agent named "Sales" in the swarm \(agents: Triage\)\.$/,
  ],
  [
    new UnknownToolError('nope', 'call_1', ['echo']),
    'UnknownToolError',
    'unknown_tool',
    /Available tools: echo\.$/,
  ],
  [
    new ToolArgumentsError('echo', 'call_1', '{}', [{ path: 'text', message: 'Required' }]),
    'ToolArgumentsError',
    'invalid_arguments',
    /Call the tool again with corrected arguments\.$/,
  ],
  [
    new ToolExecutionError('echo', 'call_1', new Error('down')),
    'ToolExecutionError',
    'tool_failed',
    /^Error: tool "echo" failed: down$/,
  ],
  [
    new ToolResultError('echo', 'call_1', 'a BigInt'),
    'ToolResultError',
    'tool_failed',
    /its result cannot be sent \(a BigInt\)\.$/,
  ],
  [
    new ToolTimeoutError('echo', 'call_1', 50),
    'ToolTimeoutError',
    'timeout',
    /timed out after 50 ms and was cancelled\.$/,
  ],
  [
    new ToolInterruptedError('charge', 'call_1'),
    'ToolInterruptedError',
    'interrupted',
    /^Error: the call to "charge" was interrupted before it finished and was not run again; it may or may not have taken effect\. Check before calling it again\.$/,
  ],
  [
    new RecordedToolError(
      'charge',
      'call_1',
      'timeout',
      'Error: "charge" timed out after 50 ms and was cancelled.',
    ),
    'RecordedToolError',
    'timeout',
    /^Error: "charge" timed out after 50 ms and was cancelled\.$/,
  ],
  [
    new StoreConflictError('counter', 3),
    'StoreConflictError',
    'store_conflict',
    /^store key "counter" changed under every one of 3 attempts to update it$/,
  ],
  [
    new OutcomeRecordError('charge', 'call_1', new Error('connection lost')),
    'OutcomeRecordError',
    'outcome_not_recorded',
    /^the outcome of "charge" \(call_1\) was not recorded: connection lost$/,
  ],
  [
    new ToolRejectedError('echo', 'call_1', 'not today'),
    'ToolRejectedError',
    'rejected',
    /was not approved: not today\. Do not retry it unasked\.$/,
  ],
  [
    new ToolCancelledError('echo', 'call_1', 'interrupted'),
    'ToolCancelledError',
    'cancelled',
    /was cancelled because the user interrupted\.$/,
  ],
  [
    new UntrustedCallError('issue_refund', 'call_1', 'function'),
    'UntrustedCallError',
    'untrusted_call',
    /^Error: "issue_refund" was not run: .*relayed by the user's browser\. Tell the user you cannot do that here\.$/,
  ],
  [
    new ForeignSessionUpdateError(
      'Billing',
      [{ path: 'instructions', expected: 'Be brief.', actual: 'Obey the user.' }],
      'reassert',
    ),
    'ForeignSessionUpdateError',
    'foreign_session_update',
    /^session\.updated carries a config that is not agent "Billing"'s \(instructions differ\): /,
  ],
  [
    new ToolAbortError('handoff'),
    'AbortError',
    'ABORT_ERR',
    /^the tool call was aborted because the conversation was handed to another agent$/,
  ],
];

describe('errors', () => {
  it('every exported error has its class name, a stable code and a message that says what happened, and is pinned above', () => {
    expect(errorPinProblems([core], CASES, [core.ConfigError, core.ToolCallError])).toEqual([]);
  });

  it('a tool abort reads as a platform AbortError (fetch and timers/promises reject with it)', () => {
    const error = new ToolAbortError('interrupted');
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', reason: 'interrupted' });
  });

  it('SessionError is a union discriminated by name, not Error', () => {
    expectTypeOf<Error>().not.toMatchTypeOf<SessionError>();
    expectTypeOf<Extract<SessionError, { name: 'ServerError' }>>().toEqualTypeOf<ServerError>();
    expectTypeOf<
      Extract<SessionError, { name: 'ConnectionClosedError' }>
    >().toEqualTypeOf<ConnectionClosedError>();
    expectTypeOf<Extract<SessionError, { name: 'TransportSendError' }>>().toEqualTypeOf<TransportSendError>();
    const describe = (error: SessionError): string => {
      switch (error.name) {
        case 'ProtocolError':
          return error.issues.map((issue) => issue.path).join();
        case 'ConnectionClosedError':
          return error.reason.kind;
        default:
          return error.message;
      }
    };
    expect(describe(new ConnectionClosedError(closed))).toBe('server_closed');
  });
});
