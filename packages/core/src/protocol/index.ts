// `@switchboard/core/protocol`: the wire layer alone (events, their schemas and parsers, the dialects,
// the API's limits and names), for code that speaks the protocol without sessions, such as a server.
export { bytesPerMs, decodedLength, MAX_AUDIO_APPEND_BYTES } from './audio-bytes.js';
export {
  CLIENT_EVENT_SCHEMAS,
  type ClientEvent,
  type ClientEventOf,
  ClientEventSchema,
  type ClientEventType,
} from './client-events.js';
export { betaDialect, GA_ONLY_SERVER_EVENT_TYPES } from './dialects/beta.js';
export { gaDialect } from './dialects/ga.js';
export { getDialect } from './dialects/registry.js';
export type { Dialect, DialectName } from './dialects/types.js';
export {
  type ProtocolDirection,
  ProtocolError,
  type ProtocolIssue,
  ProtocolWarning,
  type ProtocolWarningCode,
} from './errors.js';
export { isRecord } from './is-record.js';
export { isMessageItem, itemText, type MessageRole, partText } from './item-text.js';
export {
  type AssistantMessageItem,
  type ContentPart,
  type ConversationItem,
  ConversationItemSchema,
  type FunctionCallItem,
  type FunctionCallOutputItem,
  type ItemReference,
  type MessageItem,
  type SystemMessageItem,
  type UserMessageItem,
} from './items.js';
export {
  decodeJson,
  type ParsedClientEvent,
  type ParsedServerEvent,
  parseClientEvent,
  parseServerEvent,
  type UnknownServerEvent,
} from './parse.js';
export {
  type RealtimeResponse,
  type ResponseCreateParams,
  ResponseCreateParamsSchema,
  ResponseSchema,
  type ResponseStatus,
  type ResponseStatusDetails,
  type Usage,
} from './response.js';
export { type RealtimeError, type ReportedSession, ReportedSessionSchema } from './server-events/session.js';
export {
  SERVER_EVENT_SCHEMAS,
  type ServerEvent,
  type ServerEventOf,
  ServerEventSchema,
  type ServerEventType,
} from './server-events/union.js';
export {
  type AnySessionConfig,
  type AudioConfig,
  type AudioFormat,
  type AudioTranscription,
  type FunctionToolDefinition,
  KNOWN_VOICES,
  type KnownVoice,
  type McpToolDefinition,
  type SessionConfig,
  SessionConfigSchema,
  type ToolChoice,
  type ToolDefinition,
  type TranscriptionSessionConfig,
  type TurnDetection,
  type Voice,
} from './session.js';
export { API_MAX_SESSION_MS } from './session-duration.js';
export { ACTED_ON_FIELDS } from './tolerance.js';
export { HANDOFF_TOOL_PREFIX, handoffToolName, TOOL_NAME_PATTERN } from './tool-names.js';
