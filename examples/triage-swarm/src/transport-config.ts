import type { TransportConfig } from '@switchboard/core';

/** The transports the terminal demo can run over. */
export type DemoTransport = 'local' | 'websocket';

/** A transport config from the environment, and a line saying what it is. */
export interface DemoTransportChoice {
  readonly config: TransportConfig;
  readonly description: string;
}

/** The demo's settings error: what is wrong and how to fix it. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

/**
 * `SWITCHBOARD_TRANSPORT` names the transport (`local` or `websocket`); without it the demo talks to
 * OpenAI when `OPENAI_API_KEY` is set and to an in-process local-realtime server otherwise.
 * `SWITCHBOARD_DIALECT` picks `ga` (default) or `beta`.
 */
export function demoTransport(env: Readonly<Record<string, string | undefined>>): DemoTransportChoice {
  const dialect = env.SWITCHBOARD_DIALECT ?? 'ga';
  if (dialect !== 'ga' && dialect !== 'beta') {
    throw new DemoConfigError(`SWITCHBOARD_DIALECT must be "ga" or "beta", not "${dialect}"`);
  }
  const type = env.SWITCHBOARD_TRANSPORT ?? (env.OPENAI_API_KEY ? 'websocket' : 'local');
  switch (type) {
    case 'local':
      return {
        config: { type: 'local', dialect },
        description: `local-realtime in this process (rules brain, ${dialect} dialect)`,
      };
    case 'websocket': {
      if (!env.OPENAI_API_KEY && !env.SWITCHBOARD_URL) {
        throw new DemoConfigError(
          'SWITCHBOARD_TRANSPORT=websocket needs OPENAI_API_KEY (or SWITCHBOARD_URL for another server)',
        );
      }
      const url = env.SWITCHBOARD_URL;
      return {
        config: { type: 'websocket', dialect, ...(url ? { url } : {}) },
        description: url ? `WebSocket to ${url} (${dialect})` : `WebSocket to OpenAI (${dialect} dialect)`,
      };
    }
    case 'webrtc-relay':
      throw new DemoConfigError(
        'webrtc-relay needs a browser for the microphone: run examples/browser-voice instead',
      );
    default:
      throw new DemoConfigError(`SWITCHBOARD_TRANSPORT must be "local" or "websocket", not "${type}"`);
  }
}
