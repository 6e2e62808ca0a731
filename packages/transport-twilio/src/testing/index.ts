export { PhonePlayback } from './phone-playback.js';
export {
  type ClearRecord,
  type EchoedMark,
  type SimulatedTwilioCall,
  type SimulatedTwilioCallOptions,
  simulateTwilioCall,
} from './simulator.js';
