/**
 * Mermaid stateDiagram-v2 text for the journey statechart, read from its definition. Labels keep to
 * characters Mermaid always parses (see mermaidLabel), ids have no hyphens or dots.
 */
import type { AnyStateMachine } from 'xstate';
import { listStates, listTransitions, type StateInfo, type TransitionInfo } from '../paths/statechart.js';

/** Characters that end or escape a Mermaid label, or start markup: replaced, never passed on. */
export const MERMAID_FORBIDDEN = /[:;#{}<>"`|\\]/g;

export function mermaidLabel(text: string): string {
  return text.replace(MERMAID_FORBIDDEN, ' ').replace(/\s+/g, ' ').trim();
}

/** Problem ends and outage pages: drawn in red so error paths stand out. */
const PROBLEM_STATES = new Set([
  'tooManyAttempts',
  'problemAddingAuthenticator',
  'profileNotFound',
  'sessionTimedOut',
  'serviceUnavailable',
  'nhsnetUnavailable',
  'passkeyWindowsHello',
]);

const CLASS_DEFS = [
  'classDef screen fill:#ffffff,stroke:#005eb8,color:#212b32',
  'classDef busy fill:#fff9c4,stroke:#ffb81c,color:#212b32',
  'classDef decision fill:#e8edee,stroke:#768692,color:#212b32',
  'classDef problem fill:#fde8e8,stroke:#d5281b,color:#212b32',
  'classDef added fill:#e6f4ea,stroke:#007f3b,color:#212b32',
  'classDef outside fill:#f0f4f5,stroke:#aeb7bd,stroke-dasharray:4 3,color:#425563',
];

export interface Diagram {
  states: StateInfo[];
  transitions: TransitionInfo[];
  ids: Map<string, string>;
}

/** Mermaid ids: the state id when it has no dot, else its key, else its path with underscores. */
export function mermaidIds(states: StateInfo[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const s of states) {
    const key = s.path.split('.').at(-1) as string;
    const candidates = [s.id, key, s.path.replace(/\./g, '_')].map((c) => c.replace(/[^A-Za-z0-9_]/g, '_'));
    const id = candidates.find((c, i) => (i > 0 || !s.id.includes('.')) && !used.has(c));
    if (!id) throw new Error(`no unique Mermaid id for state ${s.id}`);
    used.add(id);
    ids.set(s.id, id);
  }
  return ids;
}

export function classOf(s: StateInfo): string {
  if (PROBLEM_STATES.has(s.id)) return 'problem';
  if (s.view?.endsWith('-added')) return 'added';
  if (s.tags.includes('busy')) return 'busy';
  if (s.type === 'atomic' && !s.view) return 'decision';
  return 'screen';
}

/** One line of text under the state's name: its page, its service, or what it decides. */
function caption(s: StateInfo): string | null {
  if (s.tags.includes('busy')) return `busy, invokes ${s.invokes.map((i) => i.src).join(', ')}`;
  if (s.redirect) return `redirect to ${s.redirect}`;
  if (s.view) return `page ${s.view}`;
  if (s.type === 'atomic') return 'decides at once (eventless)';
  return null;
}

/** A transition's label: event or service outcome, then its guard; [else] for a guarded list's fallback. */
export function transitionLabel(t: TransitionInfo, siblings: TransitionInfo[]): string {
  const head =
    t.kind === 'done'
      ? `done ${t.invokeId}`
      : t.kind === 'error'
        ? `error ${t.invokeId}`
        : t.kind === 'always'
          ? 'always'
          : t.eventType;
  const guarded = siblings.some((o) => o.guard !== null);
  const guard = t.guard ? ` [${t.guard}]` : guarded ? ' [else]' : '';
  return mermaidLabel(`${head}${guard}`);
}

const siblingsOf = (all: TransitionInfo[], t: TransitionInfo) =>
  all.filter((o) => o.sourceId === t.sourceId && o.eventType === t.eventType);

/** Edges of the given transitions, one per source and target, with the labels of all candidates. */
function edges(all: TransitionInfo[], picked: TransitionInfo[], ids: Map<string, string>): string[] {
  const byPair = new Map<string, string[]>();
  for (const t of picked) {
    for (const target of t.targets) {
      const pair = `${ids.get(t.sourceId)} --> ${ids.get(target)}`;
      const labels = byPair.get(pair) ?? [];
      const label = transitionLabel(t, siblingsOf(all, t));
      if (!labels.includes(label)) labels.push(label);
      byPair.set(pair, labels);
    }
  }
  return [...byPair].map(([pair, labels]) => `${pair} : ${labels.join(' / ')}`);
}

/** The name a state is shown with: its id, or its path when the id is generated (has a dot). */
export const titleOf = (s: StateInfo) => mermaidLabel(s.id.includes('.') ? s.path : s.id);

function stateDeclaration(s: StateInfo, ids: Map<string, string>, indent: string, extra = ''): string[] {
  const id = ids.get(s.id) as string;
  const lines = [`${indent}state "${titleOf(s)}" as ${id}`];
  const text = [extra, caption(s)].filter(Boolean).join(', ');
  if (text) lines.push(`${indent}${id} : ${mermaidLabel(text)}`);
  if (s.type === 'final') lines.push(`${indent}${id} --> [*]`);
  return lines;
}

/** The whole machine, compound states nested; the root's timeout drawn once, from "any state". */
export function wholeMachineDiagram(machine: AnyStateMachine): string {
  const states = listStates(machine);
  const all = listTransitions(machine);
  const ids = mermaidIds(states);
  const byId = new Map(states.map((s) => [s.id, s]));
  const lines = ['stateDiagram-v2', ...CLASS_DEFS.map((c) => `  ${c}`)];
  const rootInitial = machine.root.initial?.target?.[0]?.id as string;
  lines.push(`  [*] --> ${ids.get(rootInitial)}`);

  const declare = (s: StateInfo, indent: string) => {
    if (s.type === 'compound') {
      lines.push(`${indent}state "${titleOf(s)}" as ${ids.get(s.id)} {`);
      if (s.initial) lines.push(`${indent}  [*] --> ${ids.get(s.initial)}`);
      for (const child of s.children) declare(byId.get(child) as StateInfo, `${indent}  `);
      lines.push(`${indent}}`);
    } else lines.push(...stateDeclaration(s, ids, indent));
  };
  for (const s of states.filter((x) => x.parentId === machine.root.id)) declare(s, '  ');

  const rootTransitions = all.filter((t) => t.sourceId === machine.root.id);
  const anyState = 'anyState';
  lines.push(`  state "any state" as ${anyState}`, `  ${anyState} : any state that is not final`);
  for (const t of rootTransitions.filter((x) => x.targets.length))
    for (const target of t.targets)
      lines.push(`  ${anyState} --> ${ids.get(target)} : ${transitionLabel(t, siblingsOf(all, t))}`);
  lines.push(
    ...edges(
      all,
      all.filter((t) => t.sourceId !== machine.root.id),
      ids,
    ).map((e) => `  ${e}`),
  );
  lines.push(...classLines(states, ids, '  '));
  lines.push(`  class ${anyState} outside`);
  return lines.join('\n');
}

function classLines(states: StateInfo[], ids: Map<string, string>, indent: string): string[] {
  const byClass = new Map<string, string[]>();
  for (const s of states) {
    if (s.type === 'compound') continue;
    const list = byClass.get(classOf(s)) ?? [];
    list.push(ids.get(s.id) as string);
    byClass.set(classOf(s), list);
  }
  return [...byClass].map(([cls, list]) => `${indent}class ${list.join(',')} ${cls}`);
}

/**
 * One branch (a compound state, plus any states named in alsoInside) on its own, flat: its states,
 * every transition leaving or entering them, and the states outside it that those touch, dashed.
 */
export function branchDiagram(
  machine: AnyStateMachine,
  branchId: string,
  opts: { alsoInside?: string[]; initial?: string } = {},
): string {
  const states = listStates(machine);
  const all = listTransitions(machine);
  const ids = mermaidIds(states);
  const branch = states.find((s) => s.id === branchId);
  if (!branch) throw new Error(`no state ${branchId}`);
  const also = new Set(opts.alsoInside ?? []);
  const inside = states.filter(
    (s) => also.has(s.id) || (s.id !== branchId && s.path.startsWith(`${branch.path}.`)),
  );
  const insideIds = new Set(inside.filter((s) => s.type !== 'compound').map((s) => s.id));
  const picked = all.filter(
    (t) =>
      t.sourceId !== machine.root.id &&
      (insideIds.has(t.sourceId) || t.targets.some((target) => insideIds.has(target))),
  );
  const touched = new Set(picked.flatMap((t) => [t.sourceId, ...t.targets]));
  const outside = states.filter((s) => touched.has(s.id) && !insideIds.has(s.id));
  const lines = ['stateDiagram-v2', ...CLASS_DEFS.map((c) => `  ${c}`)];
  const initial = opts.initial ?? branch.initial;
  if (initial) lines.push(`  [*] --> ${ids.get(initial)}`);
  for (const s of inside.filter((x) => x.type !== 'compound')) lines.push(...stateDeclaration(s, ids, '  '));
  for (const s of outside) lines.push(...stateDeclaration(s, ids, '  ', 'outside this branch'));
  lines.push(...edges(all, picked, ids).map((e) => `  ${e}`));
  lines.push(...classLines(inside, ids, '  '));
  // States outside the branch are dashed, except problem ends, which stay red wherever they are drawn.
  const plainOutside = outside.filter((s) => classOf(s) !== 'problem');
  lines.push(
    ...classLines(
      outside.filter((s) => classOf(s) === 'problem'),
      ids,
      '  ',
    ),
  );
  if (plainOutside.length) lines.push(`  class ${plainOutside.map((s) => ids.get(s.id)).join(',')} outside`);
  return lines.join('\n');
}
