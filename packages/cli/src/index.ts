export type {
  AgentSpan,
  AudioActivity,
  AudioSpan,
  CallError,
  HandoffMark,
  InspectedCall,
  ResponseSpan,
  ToolCallSpan,
  TranscriptLine,
  UserTurn,
} from './inspect/call.js';
export { inspectCall } from './inspect/inspect-call.js';
export { RecordingReadError, readRecording } from './read-recording.js';
export { type InspectorOptions, renderInspector } from './render/page.js';
