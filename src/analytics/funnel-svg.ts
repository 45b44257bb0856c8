/**
 * The funnel's overview as SVG, drawn in plain code for the analytics page (the service runs no
 * browser, so Mermaid cannot draw it there). A simple layered layout: each page sits on the layer of
 * its shortest distance from the start, pages of a layer ordered by where they come from; problem pages
 * in rows below. Presentation attributes only (the page's CSP allows no inline style).
 */

import { drawnMoves, type Funnel } from './funnel.js';
import type { JourneyGraph, JourneyPage } from './journey-graph.js';
import { pageTitle } from './journey-mermaid.js';

const W = 180;
const LINE = 18;
const GAP_X = 20;
const GAP_Y = 58;
const PAD = 20;
/** Room on the left for the lanes that lead to the problem pages. */
const LANE = 40;

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function lines(text: string, width = 22): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    // A word of one or two characters (the "2)" of "(type 2)") never starts a line on its own.
    if (line && word.length > 2 && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...out, line] : out;
}

interface Box {
  page: JourneyPage;
  x: number;
  y: number;
  h: number;
  text: string[];
}

/** Layers by shortest distance from the first pages over the drawn links. */
function layers(graph: JourneyGraph, links: { from: string; to: string }[]): string[][] {
  const depth = new Map(graph.first.map((k) => [k, 0]));
  const queue = [...graph.first];
  while (queue.length) {
    const at = queue.shift() as string;
    for (const l of links.filter((x) => x.from === at && !depth.has(x.to))) {
      depth.set(l.to, (depth.get(at) as number) + 1);
      queue.push(l.to);
    }
  }
  const out: string[][] = [];
  for (const p of graph.pages) {
    const d = depth.get(p.key);
    if (p.kind === 'problem' || d === undefined) continue;
    out[d] = [...(out[d] ?? []), p.key];
  }
  // Order each layer by the mean position of the pages it comes from, so branches stay in columns.
  for (let i = 1; i < out.length; i++) {
    const above = out[i - 1] as string[];
    const centre = (key: string) => {
      const from = links
        .filter((l) => l.to === key && above.includes(l.from))
        .map((l) => above.indexOf(l.from));
      return from.length ? from.reduce((a, b) => a + b, 0) / from.length : above.length;
    };
    out[i] = (out[i] as string[])
      .map((k, j) => ({ k, c: centre(k) + j / 1000 }))
      .sort((a, b) => a.c - b.c)
      .map((x) => x.k);
  }
  return out.filter(Boolean);
}

/** Left edges for a layer: each page under the pages it comes from, then pushed apart to fit. */
function placeLayer(
  layer: string[],
  links: { from: string; to: string }[],
  placed: Map<string, Box>,
  width: number,
) {
  const span = layer.length * W + (layer.length - 1) * GAP_X;
  const even = layer.map((_, i) => (width - span) / 2 + i * (W + GAP_X));
  const wanted = layer.map((key, i) => {
    const parents = links
      .filter((l) => l.to === key && placed.has(l.from))
      .map((l) => (placed.get(l.from) as Box).x);
    return parents.length ? parents.reduce((a, b) => a + b, 0) / parents.length : (even[i] as number);
  });
  const xs: number[] = [];
  wanted.forEach((x, i) => {
    xs.push(Math.max(x, i ? (xs[i - 1] as number) + W + GAP_X : PAD));
  });
  const overflow = (xs.at(-1) ?? 0) + W + PAD - width;
  return overflow > 0 ? xs.map((x) => x - overflow) : xs;
}

export function funnelSvg(f: Funnel, graph: JourneyGraph, titles: Map<string, string>): string {
  const moves = drawnMoves(f, graph);
  const rows = new Map(f.rows.map((r) => [r.key, r]));
  const byKey = new Map(graph.pages.map((p) => [p.key, p]));
  const box = (page: JourneyPage, x: number, y: number): Box => {
    const r = rows.get(page.key);
    const text = [...lines(pageTitle(page, titles)), `reached ${r?.reached ?? 0}, left ${r?.left ?? 0}`];
    return { page, x, y, h: text.length * LINE + 12, text };
  };
  const boxes = new Map<string, Box>();
  const grid = layers(
    graph,
    moves.filter((m) => byKey.get(m.to)?.kind !== 'problem'),
  );
  const widest = Math.max(4, ...grid.map((l) => l.length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  let y = PAD;
  for (const layer of grid) {
    const xs = placeLayer(layer, moves, boxes, width);
    let tallest = 0;
    layer.forEach((key, i) => {
      const b = box(byKey.get(key) as JourneyPage, xs[i] as number, y);
      boxes.set(key, b);
      tallest = Math.max(tallest, b.h);
    });
    y += tallest + GAP_Y;
  }
  const problems = graph.pages.filter((p) => p.kind === 'problem');
  const problemTop = y + 10;
  y = problemTop + 26;
  for (let i = 0; i < problems.length; i += 4) {
    let tallest = 0;
    problems.slice(i, i + 4).forEach((p, j) => {
      const b = box(p, PAD + j * (W + GAP_X), y);
      boxes.set(p.key, b);
      tallest = Math.max(tallest, b.h);
    });
    y += tallest + 24;
  }
  const height = y + PAD;
  for (const b of boxes.values()) b.x += LANE;

  const most = Math.max(1, ...moves.map((m) => m.count));
  const toProblem = moves.filter(
    (m) => boxes.has(m.from) && byKey.get(m.to)?.kind === 'problem' && m.count > 0,
  );
  // A move into a problem page runs down a lane on the left, away from the way through.
  const lanes = toProblem.map((m, i) => {
    const a = boxes.get(m.from) as Box;
    const b = boxes.get(m.to) as Box;
    const lane = 6 + ((i * 6) % (LANE - 12));
    const [ya, yb] = [a.y + a.h / 2 + (i % 3) * 4, b.y + b.h / 2];
    const label = String(m.count);
    const lx = Math.max(lane + 12, a.x - 14);
    return [
      `<path d="M${a.x},${ya} H${lane} V${yb} H${b.x}" fill="none" stroke="#d5281b" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#arrow)"/>`,
      `<rect x="${lx - 5 - 4.5 * label.length}" y="${ya - 10}" width="${10 + 9 * label.length}" height="20" rx="3" fill="#ffffff" stroke="#d5281b"/>`,
      `<text x="${lx}" y="${ya + 5}" text-anchor="middle" font-size="14" fill="#212b32">${label}</text>`,
    ].join('');
  });
  const edges = moves
    .filter((m) => boxes.has(m.from) && boxes.has(m.to) && byKey.get(m.to)?.kind !== 'problem')
    .map((m) => {
      const a = boxes.get(m.from) as Box;
      const b = boxes.get(m.to) as Box;
      const [x1, y1] = [a.x + W / 2, a.y + a.h];
      const same = b.y === a.y;
      // Pages on one layer are joined side to side; otherwise from the bottom of one to the top of the next.
      const [x1s, y1s] = same ? [a.x < b.x ? a.x + W : a.x, a.y + a.h / 2] : [x1, y1];
      const [x2, y2] = same ? [a.x < b.x ? b.x : b.x + W, b.y + b.h / 2] : [b.x + W / 2, b.y];
      const bend = same ? 0 : Math.max(30, (y2 - y1s) / 2);
      const colour = m.way ? '#005eb8' : '#768692';
      const stroke = (1 + (5 * m.count) / most).toFixed(1);
      const [lx, ly] = [(x1s + x2) / 2, (y1s + y2) / 2];
      const label = String(m.count);
      return [
        `<path d="M${x1s},${y1s} C${x1s},${y1s + bend} ${x2},${y2 - bend} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="${stroke}" marker-end="url(#arrow)"/>`,
        `<rect x="${lx - 5 - 4.5 * label.length}" y="${ly - 10}" width="${10 + 9 * label.length}" height="20" rx="3" fill="#ffffff" stroke="${colour}"/>`,
        `<text x="${lx}" y="${ly + 5}" text-anchor="middle" font-size="14" fill="#212b32">${label}</text>`,
      ].join('');
    });

  const nodes = [...boxes.values()].map((b) => {
    const drop = f.dropOffs.includes(b.page.key);
    const [fill, stroke, sw] = drop
      ? ['#fde8e8', '#d5281b', 5]
      : b.page.kind === 'problem'
        ? ['#fde8e8', '#d5281b', 1]
        : b.page.kind === 'added'
          ? ['#e6f4ea', '#007f3b', 3]
          : ['#ffffff', '#005eb8', 2];
    const text = b.text
      .map(
        (t, i) =>
          `<text x="${b.x + W / 2}" y="${b.y + 20 + i * LINE}" text-anchor="middle" font-size="15"${i === b.text.length - 1 ? ' font-weight="bold"' : ''} fill="#212b32">${esc(t)}</text>`,
      )
      .join('');
    return `<rect x="${b.x}" y="${b.y}" width="${W}" height="${b.h}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${sw}"/>${text}`;
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width + LANE} ${height}" width="100%" role="img" aria-labelledby="funnel-svg-title" font-family="Arial, Helvetica, sans-serif">`,
    '<title id="funnel-svg-title">The journey overview with the number of journeys on each link; the pages most journeys left from have a thick red border</title>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#425563"/></marker></defs>',
    `<rect width="${width + LANE}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD + LANE}" y="${problemTop + 14}" font-size="14" font-weight="bold" fill="#212b32">Problem pages</text>`,
    ...edges,
    ...lanes,
    ...nodes,
    '</svg>',
  ].join('\n');
}
