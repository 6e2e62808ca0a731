import '@switchboard/local-realtime/transport';
import '@switchboard/transport-websocket';
import { createKit, createTransport, RealtimeSession } from '@switchboard/core';
import { z } from 'zod';

interface Ctx {
  city: string;
  lookups: number;
}

const { tool, defineAgent, handoff, defineSwarm } = createKit<Ctx>();

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({ city: z.string().describe('City name, e.g. Oslo') }),
  execute: ({ city }, { context }) => {
    context.lookups += 1;
    return { city, celsius: 21 };
  },
});

const concierge = defineAgent({
  name: 'Concierge',
  instructions: (ctx) => `Greet the guest in ${ctx.city}. Transfer weather questions to the forecaster.`,
  session: { output_modalities: ['text'] },
  handoffs: [handoff(() => forecaster)],
});

const forecaster = defineAgent({
  name: 'Forecaster',
  instructions: 'Answer weather questions with get_weather, then transfer back.',
  handoffDescription: 'Weather questions: forecasts, temperature, rain.',
  tools: [getWeather],
  handoffs: [handoff(() => concierge)],
});

const swarm = defineSwarm({
  agents: [concierge, forecaster],
  start: concierge,
  context: { city: 'Oslo', lookups: 0 },
});

const session = new RealtimeSession({ swarm, transport: await createTransport({ type: 'local' }) });
await session.connect();
const result = await session.sendText("What's the weather like in Oslo?").done;
for (const step of result.transcript) {
  if (step.kind === 'handoff') console.log(`handoff ${step.from} → ${step.to}`);
  if (step.kind === 'tool_call') console.log(`${step.name}(${step.arguments}) → ${step.outcome}`);
  if (step.kind === 'message') console.log(`${step.agent}: ${step.text}`);
}
console.log(result.status, result.agent.name, swarm.context.lookups);
await session.close();
