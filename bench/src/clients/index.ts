import { bareSession } from './bare.js';
import { peerSession } from './peer.js';
import { switchboardSession } from './switchboard.js';
import { tracingOffSession, tracingOnSession } from './tracing.js';
import type { ClientName, SessionFactory } from './types.js';

export { Probe } from './probe.js';
export * from './types.js';

/** How to make a session of each client. */
export const SESSION_FACTORIES: Readonly<Record<ClientName, SessionFactory>> = {
  ours: switchboardSession,
  peer: peerSession,
  bare: bareSession,
  'ours-tracing-off': tracingOffSession,
  'ours-tracing-on': tracingOnSession,
};

/** Human names for tables and the chart. */
export const CLIENT_LABELS: Readonly<Record<ClientName, string>> = {
  ours: 'Switchboard',
  peer: '@openai/agents-realtime',
  bare: 'bare ws (floor)',
  'ours-tracing-off': 'Switchboard, openTelemetry() without an SDK (tracing off)',
  'ours-tracing-on': 'Switchboard, openTelemetry() with the SDK (tracing on)',
};
