// The inspector as a library: a recording the app made, read back and summarised from code.
import { inspectCall, readRecording, renderInspector } from '@switchboard/cli';

const [, , file = 'call.jsonl'] = process.argv;
const entries = await readRecording(file);
const call = inspectCall(entries);
console.log(
  JSON.stringify({
    agents: call.agents.map((agent) => agent.name),
    handoffs: call.handoffs.map((mark) => `${mark.from} → ${mark.to}`),
    tools: call.tools.map((span) => `${span.kind} ${span.name}`),
    errors: call.errors.length,
    page: renderInspector(entries).startsWith('<!doctype html>'),
  }),
);
