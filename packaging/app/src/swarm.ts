// A user's app, built only from the packed tarballs: a front desk hands the caller to a booking agent,
// which books a table with a zod-typed tool, against local-realtime in this process (no network).
// `node dist/swarm.js <file>` also records the call there, for `switchboard inspect`.
import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { writeFileSync } from 'node:fs';
import {
  type Agent,
  createTransport,
  defineAgent,
  defineSwarm,
  handoff,
  RealtimeSession,
  recordTransport,
  type ServerEventOf,
  type ToolContext,
  tool,
} from '@switchboard/core';
import { rulesBrain } from '@switchboard/local-realtime';
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { z } from 'zod';

interface Ctx {
  readonly bookings: string[];
}

const bookTable = tool({
  name: 'book_table',
  description: 'Book a table at the restaurant.',
  parameters: z.object({
    guestName: z.string().describe('Who the table is for'),
    partySize: z.number().int().min(1).max(12).describe('How many people'),
  }),
  execute: ({ guestName, partySize }, { context }: ToolContext<Ctx>) => {
    context.bookings.push(`${guestName} × ${partySize}`);
    return { confirmed: true, guestName, partySize };
  },
});

const frontDesk: Agent<Ctx> = defineAgent<Ctx>({
  name: 'Front Desk',
  instructions: 'Greet the caller and hand table bookings to the bookings desk.',
  handoffs: [handoff(() => bookings)],
});

const bookings: Agent<Ctx> = defineAgent<Ctx>({
  name: 'Bookings',
  instructions: 'Book tables with book_table.',
  tools: [bookTable],
  handoffs: [handoff(() => frontDesk)],
});

const swarm = defineSwarm({ agents: [frontDesk, bookings], start: frontDesk, context: { bookings: [] } });
const recording: string[] = [];
const session = new RealtimeSession({
  swarm,
  transport: recordTransport(
    await createTransport({ type: 'local', brain: rulesBrain(), audio: { pace: 'fast' } }),
    (line) => recording.push(line),
  ),
});

const responseDone = session.events$.pipe(
  filter((event): event is ServerEventOf<'response.done'> => event.type === 'response.done'),
);
const handoffs = firstValueFrom(session.handoffs$.pipe(map((event) => `${event.from} → ${event.to}`)));
const toolEnd = firstValueFrom(
  session.toolCalls$.pipe(filter((event) => event.type === 'tool_end' && event.name === 'book_table')),
);

await session.connect();
session.sendText('I would like to book a table for "Ada Lovelace", 4 people please.');
const [handoffSeen, toolSeen] = await Promise.all([handoffs, toolEnd]);
await firstValueFrom(responseDone.pipe(timeout(20_000)));
await session.close();
const [, , recordTo] = process.argv;
if (recordTo) writeFileSync(recordTo, recording.join(''));

console.log(
  JSON.stringify({
    handoff: handoffSeen,
    tool: toolSeen.type === 'tool_end' ? { name: toolSeen.name, outcome: toolSeen.outcome } : undefined,
    bookings: swarm.context.bookings,
    agent: session.agent.name,
  }),
);
