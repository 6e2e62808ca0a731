import { escapeHtml, formatDuration, formatTime } from './html.js';

/** Height of one lane row, in px (stacked lanes grow a row per overlap). */
export const ROW_PX = 24;
/** Longest text of a tooltip field (arguments, outputs, transcripts). */
const TITLE_FIELD_LIMIT = 600;

/** How marks are placed: a time as a percentage of the call, and an agent's colour class. */
export interface Frame {
  readonly at: (t: number) => number;
  readonly duration: number;
  readonly agentClass: (name: string) => string;
}

/** One lane of the timeline: its items, and how many rows it needs. */
export interface Lane {
  readonly id: string;
  readonly label: string;
  readonly rows: number;
  readonly items: string;
}

/** Something with a length on the timeline (a turn, a response, a call): a bar with its label. */
export function span(
  frame: Frame,
  classes: string,
  start: number,
  end: number,
  label: string,
  event: number,
  title: readonly string[],
  style = '',
  inner = '',
): string {
  const width = round(Math.max(frame.at(end) - frame.at(start), 0));
  return `<div class="bar ${classes}" style="left:${frame.at(start)}%;width:${width}%;${style}" title="${tooltip(title)}" data-event="${event}">${inner}<span>${escapeHtml(label)}</span></div>`;
}

/** Something at one moment (a handoff, an error, a typed line): a marker with its label. */
export function mark(
  frame: Frame,
  classes: string,
  t: number,
  label: string,
  event: number,
  title: readonly string[],
  style = '',
): string {
  return `<div class="mark ${classes}" style="left:${frame.at(t)}%;${style}" title="${tooltip(title)}" data-event="${event}"><span>${escapeHtml(label)}</span></div>`;
}

/** Tooltip text: the non-empty lines, escaped for an attribute. */
function tooltip(lines: readonly string[]): string {
  return escapeHtml(lines.filter((line) => line !== '').join('\n'));
}

/** `0:03.106–0:07.887 (4.78 s)`. */
export function range(start: number, end: number): string {
  return `${formatTime(start)}–${formatTime(end)} (${formatDuration(end - start)})`;
}

/** A tooltip field cut to a readable length. */
export function clip(text: string): string {
  return text.length > TITLE_FIELD_LIMIT ? `${text.slice(0, TITLE_FIELD_LIMIT)}…` : text;
}

/** Percentages with three decimals: enough for a long call zoomed in, short in the page. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
