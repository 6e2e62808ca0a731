/** One bar: whose, and its value (NaN: not measured, drawn as a dash). */
export interface Bar {
  readonly series: string;
  readonly value: number;
}

/** A labelled group of bars (one per series). */
export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
}

/** A chart panel: a title, the unit of its values, and horizontal bar groups on one scale. */
export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly groups: readonly BarGroup[];
  /** Logarithmic axis when the values span more than an order of magnitude. */
  readonly log?: boolean;
}

const WIDTH = 920;
const LABEL_WIDTH = 250;
const VALUE_WIDTH = 90;
const BAR_HEIGHT = 13;
const BAR_GAP = 3;
const GROUP_GAP = 10;
const TITLE_HEIGHT = 30;
const PANEL_GAP = 18;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * Renders panels of horizontal bar groups as a standalone SVG document (no dependencies, no
 * scripts), with a legend mapping series to colours.
 *
 * @example
 * ```ts
 * const svg = renderBarChart('Benchmarks', [{ title: 'Round trip p50', unit: 'ms', groups }], { ours: '#2563eb' });
 * ```
 */
export function renderBarChart(
  title: string,
  panels: readonly Panel[],
  colors: Readonly<Record<string, string>>,
): string {
  const parts: string[] = [];
  parts.push(`<text x="16" y="26" font-size="18" font-weight="bold">${escapeXml(title)}</text>`);
  // Legend: its own row under the title, left to right.
  let legendX = 16;
  for (const series of Object.keys(colors)) {
    parts.push(`<rect x="${legendX}" y="40" width="12" height="12" fill="${colors[series]}"/>`);
    parts.push(`<text x="${legendX + 16}" y="50" font-size="12">${escapeXml(series)}</text>`);
    legendX += 40 + series.length * 7;
  }
  let y = 64;
  for (const panel of panels) {
    parts.push(...renderPanel(panel, y, colors));
    y += panelHeight(panel) + PANEL_GAP;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function panelHeight(panel: Panel): number {
  return (
    TITLE_HEIGHT +
    panel.groups.reduce((sum, group) => sum + group.bars.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP, 0)
  );
}

function renderPanel(panel: Panel, top: number, colors: Readonly<Record<string, string>>): string[] {
  const parts: string[] = [];
  const values = panel.groups
    .flatMap((group) => group.bars.map((bar) => bar.value))
    .filter((v) => Number.isFinite(v) && v > 0);
  const max = values.length > 0 ? Math.max(...values) : 1;
  const min = values.length > 0 ? Math.min(...values) : 1;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 16;
  // A log axis only pays when the values span more than an order of magnitude.
  const log = panel.log === true && max / min > 20;
  const floor = log ? 10 ** Math.floor(Math.log10(min)) : 0;
  const scale = (value: number): number => {
    if (!Number.isFinite(value) || value <= 0) return 0;
    if (!log) return (value / max) * plotWidth;
    const span = Math.log10(max) - Math.log10(floor) || 1;
    return Math.max(2, ((Math.log10(value) - Math.log10(floor)) / span) * plotWidth);
  };
  const axis = log ? ` (log scale from ${formatValue(floor, panel.unit)})` : '';
  parts.push(
    `<text x="16" y="${top + 18}" font-size="14" font-weight="bold">${escapeXml(panel.title)}${escapeXml(axis)}</text>`,
  );
  parts.push(
    `<line x1="${LABEL_WIDTH}" y1="${top + TITLE_HEIGHT - 4}" x2="${LABEL_WIDTH}" y2="${top + panelHeight(panel) - GROUP_GAP + 2}" stroke="#9ca3af"/>`,
  );
  let y = top + TITLE_HEIGHT;
  for (const group of panel.groups) {
    const groupHeight = group.bars.length * (BAR_HEIGHT + BAR_GAP);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + groupHeight / 2 + 4}" font-size="12" text-anchor="end">${escapeXml(group.label)}</text>`,
    );
    for (const bar of group.bars) {
      const width = scale(bar.value);
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${colors[bar.series] ?? '#6b7280'}"/>`,
      );
      parts.push(
        `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 2}" font-size="11" fill="#374151">${escapeXml(formatValue(bar.value, panel.unit))}</text>`,
      );
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += GROUP_GAP;
  }
  return parts;
}
