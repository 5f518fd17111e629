import { escapeXml as esc } from "../../reporting/escape-xml.js";

/**
 * Charts as inline SVG strings, drawn when the report is written: the HTML report needs no script and no network
 * to show them, and a test can find their paths.
 */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

const W = 720;
const H = 260;
const PAD = { left: 60, right: 16, top: 28, bottom: 40 };
const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];

function niceTicks(max: number, n = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  // The last tick is at or above max, so nothing is drawn above the top of the axis.
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function frame(title: string, xLabel: string, yLabel: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`,
    `<text x="${PAD.left}" y="18" class="title">${esc(title)}</text>`,
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle" class="axis-label">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(yLabel)}</text>`,
    ...body,
    "</svg>",
  ].join("\n");
}

/** A line chart; x and y both linear from 0. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yTicks = niceTicks(Math.max(...all.map((p) => p[1]), 0) * 1.05 || 1);
  const yMax = Math.max(yTicks[yTicks.length - 1] ?? 1, Number.MIN_VALUE);
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const body = axes(
    yTicks.map((t) => [y(t), String(t)]),
    niceTicks(xMax).map((t) => [x(t), String(t)]),
  );
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
    const colour = COLOURS[i % COLOURS.length];
    body.push(
      `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ""}><title>${esc(s.name)}</title></path>`,
    );
  });
  body.push(legend(series.map((s) => s.name)));
  return frame(title, xLabel, yLabel, body);
}

/** Vertical bars with a label under each (at most a few dozen). */
export function barChart(
  title: string,
  xLabel: string,
  yLabel: string,
  bars: readonly { label: string; value: number }[],
) {
  const yTicks = niceTicks(Math.max(1, ...bars.map((b) => b.value)) * 1.05);
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const every = Math.ceil(bars.length / 12);
  const body = axes(
    yTicks.map((t) => [y(t), String(t)]),
    bars.flatMap((b, i) => (i % every === 0 ? [[PAD.left + slot * (i + 0.5), b.label] as [number, string]] : [])),
  );
  bars.forEach((b, i) => {
    const x0 = PAD.left + slot * i + 1;
    const top = y(b.value);
    body.push(
      `<path class="bar" d="M${x0.toFixed(1)},${y(0).toFixed(1)} V${top.toFixed(1)} H${(x0 + slot - 2).toFixed(1)} V${y(0).toFixed(1)} Z" fill="${COLOURS[0]}"><title>${esc(b.label)}: ${b.value}</title></path>`,
    );
  });
  return frame(title, xLabel, yLabel, body);
}

function axes(yTicks: [number, string][], xTicks: [number, string][]): string[] {
  const out = [
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" class="axis"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" class="axis"/>`,
  ];
  for (const [py, label] of yTicks) {
    out.push(`<line x1="${PAD.left}" y1="${py.toFixed(1)}" x2="${W - PAD.right}" y2="${py.toFixed(1)}" class="grid"/>`);
    out.push(
      `<text x="${PAD.left - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(label)}</text>`,
    );
  }
  for (const [px, label] of xTicks) {
    out.push(
      `<text x="${px.toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" class="tick">${esc(label)}</text>`,
    );
  }
  return out;
}

function legend(names: readonly string[]): string {
  return names
    .map((n, i) => {
      const x = W - PAD.right - 170;
      const y = PAD.top + 4 + i * 14;
      return `<rect x="${x}" y="${y - 8}" width="10" height="3" fill="${COLOURS[i % COLOURS.length]}"/><text x="${x + 14}" y="${y}" class="legend">${esc(n)}</text>`;
    })
    .join("");
}
