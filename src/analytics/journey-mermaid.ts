/**
 * The one-screen overview of the journey as a Mermaid flowchart, in page titles: the way through
 * first and in bold, side pages dashed, problem pages grouped in one box. The funnel draws the same
 * overview with counts on the links and the pages where most people leave marked.
 */
import {
  happyPath,
  type JourneyGraph,
  type JourneyLink,
  type JourneyPage,
  VARIANT_NAMES,
} from './journey-graph.js';
import { linkLabel } from './journey-words.js';

export const CLASS_DEFS = [
  'classDef way fill:#ffffff,stroke:#005eb8,stroke-width:3px,color:#212b32',
  'classDef added fill:#e6f4ea,stroke:#007f3b,stroke-width:3px,color:#212b32',
  'classDef side fill:#f0f4f5,stroke:#768692,color:#212b32',
  'classDef external fill:#f0f4f5,stroke:#768692,stroke-dasharray:5 4,color:#212b32',
  'classDef problem fill:#fde8e8,stroke:#d5281b,color:#212b32',
  'classDef outside fill:#ffffff,stroke:#aeb7bd,stroke-dasharray:4 3,color:#425563',
  'classDef dropoff fill:#fde8e8,stroke:#d5281b,stroke-width:5px,color:#212b32',
];

/** A Mermaid node id: letters, digits and underscores only. */
export const nodeId = (key: string) => key.replace(/[^A-Za-z0-9]/g, '_');

/** Text Mermaid shows as it is: quotes become entities, no markup gets through. */
export function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, ' ').replace(/[`|]/g, "'");
}

/** Breaks a label into lines of about `width` characters (Mermaid does not wrap plain labels). */
export function wrap(text: string, width = 24): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    // A word of one or two characters (the "2)" of "(type 2)") never starts a line on its own.
    if (line && word.length > 2 && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map(mermaidText).join('<br/>');
}

/** A page's title, with its version for a page that has versions. */
export function pageTitle(page: JourneyPage, titles: Map<string, string>) {
  const title = titles.get(page.view) ?? page.view;
  return page.variant ? `${title}: ${VARIANT_NAMES.get(page.variant) ?? page.variant}` : title;
}

export interface OverviewOptions {
  /** Journeys per link (`from>to`); with counts, links are labelled by them and problem links drawn. */
  counts?: Map<string, number>;
  /** A second line under a page's title (the funnel's numbers). */
  notes?: Map<string, string>;
  /** Pages to mark as where most people leave. */
  highlight?: Set<string>;
}

/**
 * Links the overview draws between pages that are not problem pages: moves forward. Back, and returns
 * from a page of the way through to an earlier one (Add another, a cancelled login), are left to the
 * branch diagrams.
 */
export function overviewLinks(graph: JourneyGraph): JourneyLink[] {
  const kind = new Map(graph.pages.map((p) => [p.key, p.kind]));
  const way = happyPath(graph);
  const earlier = (l: JourneyLink) =>
    way.pages.has(l.from) &&
    way.pages.has(l.to) &&
    !way.links.has(`${l.from}>${l.to}`) &&
    reaches(way.links, l.to, l.from);
  return graph.links.filter(
    (l) =>
      !l.back &&
      !l.outage &&
      l.from !== l.to &&
      kind.get(l.from) !== 'problem' &&
      kind.get(l.to) !== 'problem' &&
      !earlier(l),
  );
}

/** Whether the way through leads from one page to another. */
function reaches(links: Set<string>, from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift() as string;
    if (at === to) return true;
    for (const l of links) {
      const [a, b] = l.split('>') as [string, string];
      if (a === at && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
    }
  }
  return false;
}

export function overviewMermaid(
  graph: JourneyGraph,
  titles: Map<string, string>,
  opts: OverviewOptions = {},
): string {
  const way = happyPath(graph);
  const lines = ['flowchart TD', ...CLASS_DEFS.map((c) => `  ${c}`)];
  const label = (p: JourneyPage) => {
    const note = opts.notes?.get(p.key);
    return `${wrap(pageTitle(p, titles))}${note ? `<br/>${mermaidText(note)}` : ''}`;
  };
  const classOf = (p: JourneyPage) =>
    opts.highlight?.has(p.key)
      ? 'dropoff'
      : p.kind === 'problem'
        ? 'problem'
        : p.kind === 'added'
          ? 'added'
          : way.pages.has(p.key)
            ? 'way'
            : p.kind === 'external'
              ? 'external'
              : 'side';
  const order = [...way.pages].sort(
    (a, b) => graph.pages.findIndex((p) => p.key === a) - graph.pages.findIndex((p) => p.key === b),
  );
  const main = graph.pages.filter((p) => p.kind !== 'problem');
  const sorted = [
    ...order.map((k) => main.find((p) => p.key === k) as JourneyPage),
    ...main.filter((p) => !way.pages.has(p.key)),
  ];
  for (const p of sorted) lines.push(`  ${nodeId(p.key)}["${label(p)}"]:::${classOf(p)}`);

  const links = overviewLinks(graph);
  const outDegree = (from: string) => links.filter((l) => l.from === from).length;
  for (const l of links) {
    const onWay = way.links.has(`${l.from}>${l.to}`);
    const count = opts.counts ? (opts.counts.get(`${l.from}>${l.to}`) ?? 0) : undefined;
    // Without counts, only a choice between ways says which way it is.
    const text =
      count !== undefined ? String(count) : outDegree(l.from) > 1 || !onWay ? linkLabel(l.ways) : '';
    const arrow = onWay ? '==>' : '-.->';
    lines.push(`  ${nodeId(l.from)} ${arrow}${text ? `|"${wrap(text, 28)}"|` : ''} ${nodeId(l.to)}`);
  }

  const problems = graph.pages.filter((p) => p.kind === 'problem');
  lines.push('  subgraph problems["Problem pages: where a journey that goes wrong stops or pauses"]');
  lines.push('    direction TB');
  for (const p of problems) lines.push(`    ${nodeId(p.key)}["${label(p)}"]:::${classOf(p)}`);
  lines.push('  end');
  if (opts.counts) {
    // The funnel draws each way into a problem page that someone took.
    for (const [key, count] of opts.counts) {
      const [from, to] = key.split('>') as [string, string];
      const known = graph.pages.some((p) => p.key === from);
      if (count > 0 && known && problems.some((p) => p.key === to) && from !== to)
        lines.push(`  ${nodeId(from)} -.->|"${count}"| ${nodeId(to)}`);
    }
  } else {
    // The problem pages stack in columns of four, joined by invisible links, instead of one wide row.
    problems.forEach((p, i) => {
      const below = problems[i + 4];
      if (below) lines.push(`  ${nodeId(p.key)} ~~~ ${nodeId(below.key)}`);
    });
  }
  // Invisible links from the confirmations put the problem pages below the way through.
  for (const p of graph.pages.filter((x) => x.kind === 'added'))
    lines.push(`  ${nodeId(p.key)} ~~~ problems`);
  return lines.join('\n');
}
