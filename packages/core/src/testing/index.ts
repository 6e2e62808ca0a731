export {
  createScriptedTransport,
  type ScriptedServer,
  type WaitForSentOptions,
} from './scripted-transport.js';
export {
  createServerScript,
  type ScriptedCall,
  type ScriptedResponse,
  type ScriptedResponseOptions,
  type ScriptedStatus,
  type ServerScript,
} from './server-script.js';
