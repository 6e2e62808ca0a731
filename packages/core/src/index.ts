export * from './definitions/agent.js';
export * from './definitions/handoff.js';
export * from './definitions/kit.js';
export * from './definitions/names.js';
export type {
  AgentAudioOverrides,
  AgentSessionOverrides,
  OverridableSessionField,
} from './definitions/session-overrides.js';
export {
  type Agent,
  type AgentTool,
  type ApprovalCheck,
  type FunctionTool,
  type Handoff,
  type HandoffTarget,
  type InstructionsFunction,
  isHandoff,
  type OnHandoff,
  type ToolContext,
  type ToolParameters,
  type ToolSessionHandle,
} from './definitions/shapes.js';
export * from './definitions/swarm.js';
export * from './definitions/tool.js';
export * from './definitions/tool-schema.js';
export type { ToolTrust } from './definitions/tool-trust.js';
export * from './errors/config-errors.js';
export * from './errors/session-errors.js';
export { OutcomeRecordError, StoreConflictError } from './errors/store-errors.js';
export * from './errors/tool-errors.js';
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
export * from './protocol/index.js';
export * from './session/audio.js';
export type { SendTextOptions } from './session/client-requests.js';
export type { SessionConfigDifference } from './session/config-echo.js';
export type { ForeignSessionUpdatePolicy } from './session/config-watch.js';
export * from './session/dtmf-menu.js';
export * from './session/history.js';
export type { RetrieveItemOptions } from './session/item-retrievals.js';
export * from './session/realtime-session.js';
export * from './session/response-sequencer.js';
export { RESUMED_RESPONSE_ID, type ResumePlan, resumePlan, type SessionResume } from './session/resume.js';
export * from './session/session-config.js';
export * from './session/session-events.js';
export * from './session/turn-types.js';
export { memoryStore } from './store/memory-store.js';
export {
  type StoreSetOptions,
  type StoreSetResult,
  updateVersioned,
  type Versioned,
  type VersionedStore,
} from './store/versioned-store.js';
export * from './transport/record-transport.js';
export * from './transport/replay-transport.js';
export * from './transport/transport.js';
export * from './transport/transport-registry.js';
