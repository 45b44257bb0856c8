/**
 * The funnel: how journeys actually move through the pages, from the audit stream's page views
 * (`journey.page` events, one each time a journey's page changes). Per page: journeys that reached it,
 * journeys whose last page it was, the median time on it; per method: conversion from the start page to
 * its confirmation; per overview link: journeys that took it. Only view ids, versions, a hashed journey
 * reference and times are read: the audit trail holds no personal data, and nothing here adds any.
 */
import type { RedisClient } from '../services/journey-store/redis-script.js';
import { happyPath, type JourneyGraph, type JourneyPage, pageKey } from './journey-graph.js';
import { overviewLinks, overviewMermaid, pageTitle } from './journey-mermaid.js';

export const PAGE_EVENT = 'journey.page';

export interface PageView {
  journeyRef: string;
  view: string;
  variant: string | null;
  /** Epoch milliseconds. */
  at: number;
}

export interface FunnelRow {
  key: string;
  view: string;
  title: string;
  reached: number;
  left: number;
  /** Median milliseconds between arriving on the page and the next page; null when never measured. */
  medianMs: number | null;
}

export interface Funnel {
  since: number;
  until: number;
  journeys: number;
  /** Journeys that were on a start page in the window. */
  started: number;
  rows: FunnelRow[];
  conversion: { method: string; title: string; added: number; started: number }[];
  /** Journeys per move `from>to` between two different pages. */
  moves: Map<string, number>;
  /** The pages most journeys left from without adding an authenticator there, most first. */
  dropOffs: string[];
}

/**
 * Reads the page views of the stream between two times, oldest first, a batch at a time. The window is
 * on stream ids (Redis's clock); the time of each view is its own `at` (the service's clock).
 */
export async function readPageViews(
  redis: RedisClient,
  opts: { since: number; until: number; stream?: string; batch?: number },
): Promise<PageView[]> {
  const stream = opts.stream ?? 'audit';
  const batch = opts.batch ?? 1000;
  const views: PageView[] = [];
  let start = String(opts.since);
  for (;;) {
    const entries = await redis.xrange(stream, start, String(opts.until), 'COUNT', batch);
    for (const [id, flat] of entries) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
      if (f.type !== PAGE_EVENT || !f.view || !f.journeyRef) continue;
      const at = f.at ? Date.parse(f.at) : Number(id.split('-')[0]);
      views.push({ journeyRef: f.journeyRef, view: f.view, variant: f.variant ?? null, at });
    }
    if (entries.length < batch) return views;
    // The next batch starts just after the last id read (exclusive range).
    start = `(${(entries.at(-1) as [string, string[]])[0]}`;
  }
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function computeFunnel(
  views: PageView[],
  graph: JourneyGraph,
  titles: Map<string, string>,
  window: { since: number; until: number },
): Funnel {
  const byJourney = new Map<string, PageView[]>();
  for (const v of views) byJourney.set(v.journeyRef, [...(byJourney.get(v.journeyRef) ?? []), v]);
  const reached = new Map<string, Set<string>>();
  const left = new Map<string, number>();
  const durations = new Map<string, number[]>();
  const moves = new Map<string, Set<string>>();
  const seen = new Map<string, string>(); // page key → view, for pages the graph does not know
  const add = <T>(map: Map<string, Set<T>>, key: string, value: T) =>
    map.set(key, (map.get(key) ?? new Set<T>()).add(value));

  for (const [ref, list] of byJourney) {
    list.sort((a, b) => a.at - b.at);
    const keys = list.map((v) => pageKey(v.view, v.variant));
    list.forEach((v, i) => {
      const key = keys[i] as string;
      seen.set(key, v.view);
      add(reached, key, ref);
      const next = list[i + 1];
      if (next) {
        durations.set(key, [...(durations.get(key) ?? []), next.at - v.at]);
        if (keys[i + 1] !== key) add(moves, `${key}>${keys[i + 1]}`, ref);
      }
    });
    const last = keys.at(-1) as string;
    left.set(last, (left.get(last) ?? 0) + 1);
  }

  const known = graph.pages.map((p) => p.key);
  const unknown = [...seen.keys()].filter((k) => !known.includes(k)).sort();
  const pageOf = new Map(graph.pages.map((p) => [p.key, p]));
  const rows: FunnelRow[] = [...known, ...unknown].map((key) => {
    const page = pageOf.get(key);
    const view = page?.view ?? seen.get(key) ?? key;
    return {
      key,
      view,
      title: page ? pageTitle(page, titles) : (titles.get(view) ?? view),
      reached: reached.get(key)?.size ?? 0,
      left: left.get(key) ?? 0,
      medianMs: median(durations.get(key) ?? []),
    };
  });

  const startedRefs = new Set(graph.first.flatMap((k) => [...(reached.get(k) ?? [])]));
  const conversion = graph.pages
    .filter((p) => p.kind === 'added')
    .map((p) => ({
      method: p.method ?? p.view,
      title: pageTitle(p, titles),
      added: [...(reached.get(p.key) ?? [])].filter((ref) => startedRefs.has(ref)).length,
      started: startedRefs.size,
    }));
  const dropOffs = rows
    .filter((r) => r.left > 0 && pageOf.get(r.key)?.kind !== 'added')
    .sort((a, b) => b.left - a.left)
    .slice(0, 3)
    .map((r) => r.key);

  return {
    ...window,
    journeys: byJourney.size,
    started: startedRefs.size,
    rows,
    conversion,
    moves: new Map([...moves].map(([k, refs]) => [k, refs.size])),
    dropOffs,
  };
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return 'under 1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '-');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The tables: pages, then conversion per method. Printed by `npm run funnel` and in funnel.md. */
export function funnelTables(f: Funnel): string {
  const lines = [
    `Journeys seen: ${f.journeys}; started on the start page: ${f.started}.`,
    '',
    '| Page | View id | Journeys that reached it | Journeys that left there | Median time on page |',
    '| --- | --- | ---: | ---: | ---: |',
    ...f.rows.map(
      (r) =>
        `| ${cell(r.title)}${f.dropOffs.includes(r.key) ? ' **(most left here)**' : ''} | \`${r.key}\` | ${r.reached} | ${r.left} | ${formatDuration(r.medianMs)} |`,
    ),
    '',
    '| Confirmation page | Method | Started | Added | Conversion |',
    '| --- | --- | ---: | ---: | ---: |',
    ...f.conversion.map(
      (c) =>
        `| ${cell(c.title)} | \`${c.method}\` | ${c.started} | ${c.added} | ${percent(c.added, c.started)} |`,
    ),
  ];
  return lines.join('\n');
}

/** The overview with each link labelled by the journeys that took it, drop-off pages marked. */
export function funnelMermaid(f: Funnel, graph: JourneyGraph, titles: Map<string, string>): string {
  const notes = new Map(f.rows.map((r) => [r.key, `reached ${r.reached}, left ${r.left}`]));
  return overviewMermaid(graph, titles, { counts: f.moves, notes, highlight: new Set(f.dropOffs) });
}

export function funnelMarkdown(f: Funnel, graph: JourneyGraph, titles: Map<string, string>): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '# Journey funnel',
    '',
    `From ${iso(f.since)} to ${iso(f.until)}, read from the audit stream's page views. "Left there" is the`,
    'last page a journey was seen on (a journey still in progress counts where it is now). Times are the',
    'median from arriving on a page to the next page.',
    '',
    funnelTables(f),
    '',
    '## The journey with its traffic',
    '',
    'Each link is labelled by the journeys that took it; a thick red box is one of the pages most',
    'journeys left from.',
    '',
    '```mermaid',
    funnelMermaid(f, graph, titles),
    '```',
    '',
  ].join('\n');
}

/** The links drawn with counts: the overview's links and every move into a problem page. */
export function drawnMoves(
  f: Funnel,
  graph: JourneyGraph,
): { from: string; to: string; count: number; way: boolean }[] {
  const way = happyPath(graph);
  const kind = new Map(graph.pages.map((p: JourneyPage) => [p.key, p.kind]));
  const structural = overviewLinks(graph).map((l) => ({
    from: l.from,
    to: l.to,
    count: f.moves.get(`${l.from}>${l.to}`) ?? 0,
    way: way.links.has(`${l.from}>${l.to}`),
  }));
  const problems = [...f.moves]
    .map(([k, count]) => {
      const [from, to] = k.split('>') as [string, string];
      return { from, to, count, way: false };
    })
    .filter((m) => kind.get(m.to) === 'problem' && kind.has(m.from));
  return [...structural, ...problems];
}

/** `24h`, `90m`, `7d`, `30s` or a date → epoch milliseconds before `now`. */
export function parseSince(text: string, now: number): number {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`--since: "${text}" is not a duration (24h, 90m, 7d) or a date`);
  return at;
}
