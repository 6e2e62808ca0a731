// `@switchboard/core`: the surface the README's table lists, name by name. The wire layer alone is
// `@switchboard/core/protocol`; test helpers are `@switchboard/core/testing`.
export { type AgentOptions, defineAgent } from './definitions/agent.js';
export type {
  AgentGuardrails,
  Guardrail,
  GuardrailContext,
  GuardrailSide,
  GuardrailVerdict,
} from './definitions/guardrail.js';
export { type HandoffOptions, type HandoffWithInputOptions, handoff } from './definitions/handoff.js';
export { createKit, type Kit } from './definitions/kit.js';
export type {
  AgentAudioOverrides,
  AgentSessionOverrides,
  OverridableSessionField,
} from './definitions/session-overrides.js';
export type {
  Agent,
  AgentTool,
  ApprovalCheck,
  FunctionTool,
  Handoff,
  HandoffContextStrategy,
  HandoffTarget,
  InstructionsFunction,
  InterruptPolicy,
  OnHandoff,
  ToolContext,
  ToolParameters,
  ToolSessionHandle,
} from './definitions/shapes.js';
export { defineSwarm, type Swarm, type SwarmOptions } from './definitions/swarm.js';
export {
  type AppAnsweredToolOptions,
  type ExecutableTool,
  type ToolOptions,
  tool,
  toSessionTool,
} from './definitions/tool.js';
export type { ToolTrust } from './definitions/tool-trust.js';
export { BudgetError, type BudgetErrorCode } from './errors/budget-error.js';
export {
  AgentConfigError,
  ConfigError,
  type ConfigErrorCode,
  HandoffResolutionError,
  InvalidToolNameError,
  SessionOptionError,
  SwarmConfigError,
  type SwarmConfigErrorCode,
  type SwarmConfigErrorDetails,
  ToolConfigError,
  TransportConfigError,
  UnknownAgentError,
} from './errors/config-errors.js';
export {
  AudioSettingKeptWarning,
  CallAfterCloseError,
  ConnectionClosedError,
  FunctionResultError,
  GuardrailError,
  HandoffError,
  HandoffSummaryError,
  InputTooLargeError,
  InstructionsError,
  ItemRetrieveError,
  type ItemRetrieveErrorCode,
  RolloverSummaryError,
  ServerError,
  SessionArgumentError,
  type SessionError,
  SessionStateError,
  TelemetryError,
} from './errors/session-errors.js';
export { OutcomeRecordError, StoreConflictError } from './errors/store-errors.js';
export { ToolAbortError, type ToolAbortReason } from './errors/tool-abort-error.js';
export {
  type ArgumentIssue,
  type CancelReason,
  RecordedToolError,
  ToolArgumentsError,
  ToolCallError,
  type ToolCallErrorCode,
  ToolCancelledError,
  ToolExecutionError,
  ToolInterruptedError,
  ToolRejectedError,
  ToolResultError,
  ToolTimeoutError,
  UnknownToolError,
} from './errors/tool-errors.js';
export {
  TransportCloseError,
  TransportConnectError,
  type TransportConnectErrorCode,
  type TransportError,
  type TransportErrorMap,
  TransportSendError,
} from './errors/transport-errors.js';
export {
  type ForeignSessionUpdateAction,
  ForeignSessionUpdateError,
  UntrustedCallError,
} from './errors/trust-errors.js';
export { costOf, type ModelPrices, type PriceTable, pricesFor, priceTable } from './observability/pricing.js';
export { logTurnSummaries, type TurnSummaryOptions, turnSummary } from './observability/summary-logger.js';
export type {
  ObservedSession,
  SessionTelemetry,
  SessionTelemetryScope,
  TransportDescription,
} from './observability/telemetry.js';
export { addTokens, NO_TOKENS, type TokenUsage, tokenUsage } from './observability/token-usage.js';
export type { TurnMetrics, TurnToolMetrics } from './observability/turn-meter.js';
export type { ResponseUsage, SessionUsage } from './observability/usage-meter.js';
export {
  type JournaledCall,
  type RecordedToolOutcome,
  type ToolCallRecord,
  type ToolOutcomeStore,
  toolOutcomesIn,
} from './pipeline/tool-outcomes.js';
export type { ApprovalDecision, FunctionCall, ToolOutcome } from './pipeline/tool-runner.js';
export {
  type ClientEvent,
  type ClientEventOf,
  type ClientEventType,
  type ConversationItem,
  type DialectName,
  type FunctionToolDefinition,
  isMessageItem,
  itemText,
  type MessageRole,
  type ParsedClientEvent,
  type ParsedServerEvent,
  ProtocolError,
  type ProtocolIssue,
  ProtocolWarning,
  type ProtocolWarningCode,
  parseClientEvent,
  parseServerEvent,
  partText,
  type ResponseCreateParams,
  type ServerEvent,
  type ServerEventOf,
  type ServerEventType,
  type SessionConfig,
  type ToolDefinition,
  type UnknownServerEvent,
  type Voice,
} from './protocol/index.js';
export { API_MAX_SESSION_MS } from './protocol/session-duration.js';
export type { HandoffToOptions } from './session/app-handoff.js';
export {
  BUDGET_GOODBYE,
  BUDGET_WARNING,
  type BudgetEndStep,
  type BudgetEvent,
  type BudgetLimit,
  type BudgetOptions,
} from './session/budget-options.js';
export type { SendTextOptions } from './session/client-requests.js';
export type { SessionConfigDifference } from './session/config-echo.js';
export type { ForeignSessionUpdatePolicy } from './session/config-watch.js';
export {
  DEFAULT_FILLER_AFTER_MS,
  FILLER_INSTRUCTIONS,
  type FillerEvent,
  type FillerOptions,
} from './session/dead-air.js';
export { type DtmfMenuAction, type DtmfMenuOptions, dtmfMenu } from './session/dtmf-menu.js';
export type { AudioInput } from './session/encode-audio.js';
export {
  DEFAULT_GUARDRAIL_DEBOUNCE_MS,
  DEFAULT_GUARDRAIL_MAX_WAIT_MS,
  DEFAULT_GUARDRAIL_TIMEOUT_MS,
  DEFAULT_SAFE_LINE,
  type GuardrailAction,
  type GuardrailEvent,
  type GuardrailOptions,
  type GuardrailTrippedEvent,
} from './session/guardrail-options.js';
export { emptyHistory, type HistoryState, reduceHistory } from './session/history.js';
export type { RetrieveItemOptions } from './session/item-retrievals.js';
export {
  RealtimeSession,
  type RealtimeSessionOptions,
  type SessionState,
} from './session/realtime-session.js';
export { ResponseSequencer } from './session/response-sequencer.js';
export { RESUMED_RESPONSE_ID, type ResumePlan, resumePlan, type SessionResume } from './session/resume.js';
export type { RolloverCause, RolloverEvent, RolloverOptions } from './session/rollover.js';
export type { RolloverSummaryOptions } from './session/rollover-summary.js';
export { type BuildSessionConfigOptions, buildSessionConfig } from './session/session-config.js';
export type {
  ApprovalRequestedEvent,
  HandoffEvent,
  ResultRequestedEvent,
  ToolCallEvent,
  ToolEndEvent,
  ToolStartEvent,
} from './session/session-events.js';
export type {
  Turn,
  TurnHandoff,
  TurnInput,
  TurnMessage,
  TurnResponse,
  TurnResult,
  TurnStatus,
  TurnStep,
  TurnToolCall,
} from './session/turn-types.js';
export { memoryStore } from './store/memory-store.js';
export {
  type StoreSetOptions,
  type StoreSetResult,
  updateVersioned,
  type Versioned,
  type VersionedStore,
} from './store/versioned-store.js';
export {
  parseRecording,
  type RecordedEntry,
  RecordingFormatError,
  type RecordSink,
  recordTransport,
} from './transport/record-transport.js';
export {
  ReplayMismatchError,
  type ReplayOptions,
  type ReplayResult,
  type ReplayTransport,
  replayTransport,
} from './transport/replay-transport.js';
export {
  type CloseReason,
  describeCloseReason,
  type RealtimeTransport,
  type RenewOptions,
  type TransportListener,
  type TransportStatus,
} from './transport/transport.js';
export { TransportLifecycle } from './transport/transport-lifecycle.js';
export {
  createTransport,
  registerTransport,
  type TransportConfig,
  type TransportConfigMap,
  type TransportFactory,
  type TransportType,
  UnknownTransportError,
} from './transport/transport-registry.js';
