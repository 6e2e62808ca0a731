export { CallerCaptions } from './audio/caller-captions.js';
export { EnergyVad, thresholdToRms, type VadEvent, type VadSettings } from './audio/energy-vad.js';
export { type WireAudioFormat, wireBytesPerMs, wireFormatOf } from './audio/formats.js';
export { decodeG711, encodeG711 } from './audio/g711.js';
export {
  concatPcm,
  decodePcm16,
  encodePcm16,
  generateTone,
  PCM_SAMPLE_RATE,
  rms,
  silence,
  type ToneOptions,
} from './audio/pcm.js';
export {
  type CallerLine,
  PHONE_FRAME_MS,
  type PhoneAudio,
  PhoneLinePlayer,
  phoneAudio,
} from './audio/phone-line.js';
export {
  createSynthesizer,
  type SpeakRequest,
  type SpeechVoiceMode,
  type Synthesizer,
  type SynthesizerOptions,
  SynthesizerUnavailableError,
} from './audio/speech.js';
export { type ToneSpeechOptions, toneSpeech } from './audio/tone-speech.js';
export { encodeWav, parseWav, type WavAudio, WavFormatError } from './audio/wav.js';
export { type ArgumentSources, fillArguments } from './brains/argument-filler.js';
export {
  type Brain,
  BrainError,
  type BrainFunctionCall,
  type BrainMessage,
  type BrainOutput,
  type BrainRequest,
} from './brains/brain.js';
export { type ChatCompletionsBrainOptions, chatCompletionsBrain } from './brains/chat-completions-brain.js';
export { type ChatMessage, toChatMessages } from './brains/chat-messages.js';
export {
  currentTurn,
  handoffToolName,
  itemText,
  lastUserText,
  pendingToolResults,
  type ToolResult,
  type Turn,
} from './brains/conversation.js';
export { type RulesBrainOptions, rulesBrain } from './brains/rules-brain.js';
export {
  type ScriptContext,
  type ScriptedBrainOptions,
  type ScriptRule,
  scriptedBrain,
} from './brains/scripted-brain.js';
export type { LocalFaults } from './faults/fault-controller.js';
export {
  type Fault,
  FaultConfigError,
  type FaultKind,
  type FaultScope,
  type FaultTrigger,
  type FiredFault,
  type InjectedError,
} from './faults/fault-types.js';
export type {
  AuthRequirement,
  LocalAudioOptions,
  LocalRealtimeOptions,
  LocalRealtimeServer,
} from './server/options.js';
export { startLocalRealtime } from './server/start.js';
export type { Transcriber } from './session/audio-input.js';
export { ClientEventError, type RealtimeErrorBody } from './session/errors.js';
export {
  DEFAULT_MAX_SESSION_MS,
  DEFAULT_SESSION_LIMITS,
  type SessionLimits,
  sessionExpiredMessage,
} from './session/limits.js';
export { LocalSession, type LocalSessionOptions } from './session/local-session.js';
export type { AudioPace } from './session/pacer.js';
export type { PlaceCallOptions, PlacedCall } from './sip/place-call.js';
export type { AgentUtterance, SipCallRecord, SipCallStatus } from './sip/record.js';
export { signWebhook, type WebhookHeaders } from './sip/webhook-signing.js';
