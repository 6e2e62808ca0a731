import { type ClusterSwarms, defineClusterSwarm } from '@switchboard/cluster';
import { defineAgent, defineSwarm, tool } from '@switchboard/core';
import { scriptedBrain } from '@switchboard/local-realtime';
import { z } from 'zod';

/** The cluster bench's swarm: one agent with a no-op tool (what is measured is the cluster, not the tool). */
export const benchSwarms: ClusterSwarms = {
  desk: defineClusterSwarm({
    context: z.object({ caller: z.string() }),
    create: (context) => {
      const note = tool({
        name: 'take_note',
        description: 'Write a note',
        parameters: z.object({ text: z.string() }),
        execute: ({ text }) => ({ noted: text }),
      });
      const desk = defineAgent({
        name: 'Desk',
        instructions: 'Take notes.',
        session: { output_modalities: ['text'] },
        tools: [note],
      });
      return defineSwarm({ agents: [desk], start: desk, context });
    },
  }),
};

/** The bench model: a note turn (a tool call, then its answer) and a plain turn. */
export const benchBrain = scriptedBrain({
  rules: [
    { user: 'note', call: { name: 'take_note', arguments: { text: 'call me back' } } },
    { toolOutput: 'take_note', say: 'Noted.' },
    { user: 'hi', say: 'Hello.' },
  ],
});
