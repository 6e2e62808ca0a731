import type { TranscriptEntry } from './conversation.js';

const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const dim = paint(2);
const bold = paint(1);
const cyan = paint(36);
const yellow = paint(33);
const magenta = paint(35);
const red = paint(31);

const WIDTH = 14;
const label = (name: string) => name.padEnd(WIDTH);

/** One readable line (or a few) per transcript entry. */
export function formatEntry(entry: TranscriptEntry): string {
  switch (entry.kind) {
    case 'user':
      return `\n${bold(label('Caller'))} ${entry.text}`;
    case 'say':
      return `${cyan(bold(label(entry.agent)))} ${entry.text}`;
    case 'tool': {
      const ok = entry.outcome === 'success';
      const head = `${label('')} ${yellow('⚙')} ${entry.agent} called ${bold(entry.name)}(${entry.arguments || '{}'})`;
      const result = ok
        ? dim(`→ ${shorten(entry.output)}`)
        : red(`✗ ${entry.outcome}: ${shorten(entry.output)}`);
      const despite = entry.interruptedBy ? ` ${bold('finished despite the barge-in')}` : '';
      return `${head}\n${label('')}   ${result} ${dim(`(${formatMs(entry.durationMs)})`)}${despite}`;
    }
    case 'approval':
      return `${label('')} ${entry.approved ? '✔' : '✘'} operator ${entry.approved ? 'approved' : 'declined'} ${entry.name}`;
    case 'handoff':
      return `${label('')} ${magenta('↪')} handoff: ${bold(entry.from)} → ${bold(entry.to)}`;
    case 'filler':
      return `${cyan(label(entry.agent))} ${dim(`… ${entry.text} (filler while a tool runs)`)}`;
    case 'barge_in':
      return `\n${bold(label('Caller'))} ${red('✋')} barges in while ${bold(entry.during)} runs`;
  }
}

function shorten(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatMs(ms: number): string {
  return ms < 1 ? '<1 ms' : `${Math.round(ms)} ms`;
}
