export * from './agent.js';
export * from './audio.js';
export * from './config-errors.js';
export * from './dtmf-menu.js';
export * from './handoff.js';
export * from './history.js';
export * from './names.js';
export * from './protocol/index.js';
export * from './record.js';
export * from './replay.js';
export * from './response-sequencer.js';
export * from './session.js';
export * from './session-config.js';
export * from './session-errors.js';
export * from './session-events.js';
export type {
  AgentAudioOverrides,
  AgentSessionOverrides,
  OverridableSessionField,
} from './session-overrides.js';
export * from './swarm.js';
export * from './tool.js';
export * from './tool-errors.js';
export type { ApprovalDecision, FunctionCall, ToolOutcome } from './tool-runner.js';
export * from './tool-schema.js';
export * from './transport.js';
export * from './transport-registry.js';
