import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { createTransport, logTurnSummaries, RealtimeSession } from '@switchboard/core';
import { createBackOffice } from './backend.js';
import { runClustered } from './clustered.js';
import { DEMO_SCRIPT, runConversation } from './conversation.js';
import { formatEntry } from './print.js';
import { recordCall } from './recording.js';
import { supportSwarm } from './swarm.js';
import { DemoConfigError, demoTransport } from './transport-config.js';

async function main(): Promise<void> {
  const cluster = process.env.SWITCHBOARD_CLUSTER;
  if (cluster) return runClustered(cluster, process.env);
  const { config, description } = demoTransport(process.env);
  const swarm = supportSwarm(createBackOffice());
  console.log('Switchboard demo: a customer-support swarm (Triage → Billing / Tech Support)');
  console.log(`Transport: ${description}`);

  const call = recordCall(await createTransport(config), { label: 'triage' });
  const session = new RealtimeSession({ swarm, transport: call.transport });
  session.errors$.subscribe((error) => console.error(`  ! ${error.name}: ${error.message}`));
  // SWITCHBOARD_TURN_LOG=1: one line per turn (latency, tools, tokens, cost).
  if (process.env.SWITCHBOARD_TURN_LOG)
    logTurnSummaries(session, { log: (line) => console.log(`  # ${line}`) });
  await session.connect();
  try {
    await runConversation(session, DEMO_SCRIPT, {
      onEntry: (entry) => console.log(formatEntry(entry)),
      approve: (name) => name === 'issue_refund',
    });
  } finally {
    await session.close();
  }
  const { ticketIds, refundedInvoices } = swarm.context;
  console.log(
    `\nDone. Refunded: ${refundedInvoices.join(', ') || 'nothing'}. Tickets: ${ticketIds.join(', ') || 'none'}.`,
  );
  if (call.file) {
    await call.saved;
    console.log(`\nRecorded to ${call.file}\nSee the call: pnpm switchboard inspect ${call.file}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoConfigError ? `demo: ${error.message}` : error);
  process.exitCode = 1;
});
