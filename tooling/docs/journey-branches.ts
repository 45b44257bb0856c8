/**
 * One diagram per part of the journey for docs/journey.md: its pages in titles, every way out of them
 * labelled in a few words, and the pages outside the part that those ways reach (dashed, or red for a
 * problem page). A way that keeps a person on the same page is listed inside the page's box instead of
 * drawn as a loop; Back and the outage page's Try again are left out (every question page has Back).
 */
import type { JourneyGraph, JourneyPage } from '../../src/analytics/journey-graph.js';
import { CLASS_DEFS, mermaidText, nodeId, pageTitle, wrap } from '../../src/analytics/journey-mermaid.js';
import { linkLabel, wayLabel } from '../../src/analytics/journey-words.js';

export interface Branch {
  /** Diagram file name. */
  name: string;
  title: string;
  /** State paths (or their prefixes followed by a dot) whose pages are in this part. */
  paths: string[];
}

/** The parts, by where their states sit in the statechart. */
export const BRANCHES: Branch[] = [
  {
    name: 'journey-identity',
    title: 'Start and identity checks',
    paths: ['start', 'logOutFirst', 'identity'],
  },
  { name: 'journey-app', title: 'Authenticator app', paths: ['addAuthenticator.authenticatorApp'] },
  { name: 'journey-nhsnet', title: 'NHS.net Connect', paths: ['addAuthenticator.nhsnet'] },
  { name: 'journey-passkey', title: 'Passkey', paths: ['addAuthenticator.passkey'] },
];

export const inBranch = (branch: Branch, page: JourneyPage) =>
  branch.paths.some((p) => page.path === p || page.path.startsWith(`${p}.`));

export function branchMermaid(graph: JourneyGraph, titles: Map<string, string>, branch: Branch): string {
  const byKey = new Map(graph.pages.map((p) => [p.key, p]));
  const inside = graph.pages.filter((p) => inBranch(branch, p));
  const insideKeys = new Set(inside.map((p) => p.key));
  const touching = graph.links.filter(
    (l) =>
      !l.back &&
      (insideKeys.has(l.from) || insideKeys.has(l.to)) &&
      byKey.get(l.from)?.view !== 'service-unavailable',
  );
  // Where the part is entered from is drawn first; a way back there (Add another) is left out.
  const entries = new Set(touching.filter((l) => !insideKeys.has(l.from)).map((l) => l.from));
  const links = touching.filter((l) => !entries.has(l.to));
  const stays = (key: string) => {
    const self = links.find((l) => l.from === key && l.to === key);
    const reasons = [...new Set((self?.ways ?? []).filter((w) => !w.includes('outage')).map(wayLabel))];
    return reasons.filter(Boolean);
  };
  const classOf = (p: JourneyPage) =>
    p.kind === 'problem'
      ? 'problem'
      : !insideKeys.has(p.key)
        ? 'outside'
        : p.kind === 'added'
          ? 'added'
          : p.kind === 'external'
            ? 'external'
            : 'way';
  const lines = [
    '---',
    'config:',
    '  layout: elk',
    '---',
    'flowchart TD',
    ...CLASS_DEFS.map((c) => `  ${c}`),
  ];
  const drawn = new Set<string>();
  const declare = (p: JourneyPage) => {
    if (drawn.has(p.key)) return;
    drawn.add(p.key);
    const reasons = insideKeys.has(p.key) ? stays(p.key) : [];
    const note = reasons.length ? `<br/>${wrap(`shown again if: ${reasons.join(', ')}`, 28)}` : '';
    lines.push(`  ${nodeId(p.key)}["${wrap(pageTitle(p, titles))}${note}"]:::${classOf(p)}`);
  };
  for (const key of entries) declare(byKey.get(key) as JourneyPage);
  for (const p of inside) declare(p);
  for (const l of links.filter((x) => x.from !== x.to)) {
    declare(byKey.get(l.from) as JourneyPage);
    declare(byKey.get(l.to) as JourneyPage);
    const text = linkLabel(l.ways);
    const arrow = l.outage || byKey.get(l.to)?.kind === 'problem' ? '-.->' : '-->';
    lines.push(`  ${nodeId(l.from)} ${arrow}${text ? `|"${wrap(text, 28)}"|` : ''} ${nodeId(l.to)}`);
  }
  return lines.join('\n');
}

export { mermaidText };
