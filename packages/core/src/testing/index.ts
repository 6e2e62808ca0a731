export { createScriptedTransport, type ScriptedServer } from './scripted-transport.js';
export {
  createServerScript,
  type ScriptedCall,
  type ScriptedResponse,
  type ServerScript,
} from './server-script.js';
