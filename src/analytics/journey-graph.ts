/**
 * The journey as analysts see it, read from the statechart's own definition: pages (a state with a
 * view; a page with versions is split into them) and the ways from one page to the next. Busy states
 * (waiting on a service) and decisions are walked through, so a link is what a person sees: this page,
 * then that one. Each way keeps the tokens that decide it (event, guard, error code, end reason), which
 * journey-words.ts turns into short labels. Used by docs/journey.md, the funnel and its page.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import type { JourneyContext } from '../machine/index.js';

export type PageKind = 'page' | 'added' | 'problem' | 'external';

export interface JourneyPage {
  /** The view id, or `view~variant` for one version of a page that has versions. */
  key: string;
  view: string;
  variant: string | null;
  stateId: string;
  /** The state's path from the root, e.g. `identity.enterEmailCode`. */
  path: string;
  kind: PageKind;
  /** The journey ends on this page. */
  final: boolean;
  /** The method an `added` page confirms. */
  method: string | null;
}

export interface JourneyLink {
  from: string;
  to: string;
  /** Every way from `from` to `to`: the tokens met on the way, in order. */
  ways: string[][];
  /** Every way is the person going back. */
  back: boolean;
  /** Every way is a service failing. */
  outage: boolean;
}

export interface JourneyGraph {
  pages: JourneyPage[];
  links: JourneyLink[];
  /** Pages a journey can begin on. */
  first: string[];
  /** Pages any journey can end on whatever page it is on (the root's own transitions). */
  fromAnyPage: { to: string; ways: string[][] }[];
}

/** A page with versions: which one a journey sees is data in its context, set by one event. */
export interface PageVariants {
  /** The event whose data chooses the version. */
  decidedBy: string;
  variants: { key: string; name: string; holds: (context: JourneyContext) => boolean }[];
}

/**
 * The seed's two passkey instructions. The statechart keeps one state and records the platform in
 * context (recordPlatform); the page shows one version or the other, so analysts see two paths.
 */
export const PAGE_VARIANTS: Record<string, PageVariants> = {
  'passkey-register': {
    decidedBy: 'PLATFORM_DETECTED',
    variants: [
      { key: 'type-2', name: 'Windows Hello present (type 2)', holds: (c) => c.passkey.windowsHello },
      { key: 'type-1', name: 'no Windows Hello (type 1)', holds: (c) => !c.passkey.windowsHello },
    ],
  },
};

/** Version key → its name, e.g. `type-2` → `Windows Hello present (type 2)`. */
export const VARIANT_NAMES = new Map(
  Object.values(PAGE_VARIANTS).flatMap((p) => p.variants.map((v) => [v.key, v.name] as const)),
);

/** The version of a page a journey in this context sees, or null for a page without versions. */
export function variantOf(view: string, context: JourneyContext): string | null {
  return PAGE_VARIANTS[view]?.variants.find((v) => v.holds(context))?.key ?? null;
}

export const pageKey = (view: string, variant: string | null) => (variant ? `${view}~${variant}` : view);

// ---------- reading the definition ----------

type Meta = { view?: string; redirect?: string } | undefined;
const metaOf = (node: AnyStateNode) => node.meta as Meta;
const isPage = (node: AnyStateNode) => !!metaOf(node)?.view;

function formatGuard(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  const { type, params } = guard as { type: string; params?: unknown };
  if (params && typeof params === 'object') {
    const parts = Object.entries(params as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
    if (parts.length) return `${type}(${parts.join(', ')})`;
  }
  return type;
}

type ActionDef = { type?: string; params?: unknown };
const actionsOf = (t: AnyTransitionDefinition) => t.actions as unknown as (string | ActionDef)[];

/** Static params of a named action in a transition (params given as a function are not read). */
function staticParams(t: AnyTransitionDefinition, type: string): Record<string, unknown>[] {
  return actionsOf(t).flatMap((a) =>
    typeof a === 'object' && a.type === type && a.params && typeof a.params === 'object'
      ? [a.params as Record<string, unknown>]
      : [],
  );
}

/** What a failed or unguarded candidate says about itself: its error code, end reason or audit event. */
function hint(t: AnyTransitionDefinition): string | null {
  const errors = staticParams(t, 'setErrors').flatMap((p) => Object.values(p).map(String));
  const reasons = staticParams(t, 'endWith').map((p) => String(p.reason));
  const audits = staticParams(t, 'audit').map((p) => String(p.event));
  return errors[0] ?? reasons[0] ?? audits[0] ?? null;
}

const candidatesOf = (t: AnyTransitionDefinition): AnyTransitionDefinition[] => {
  const source = t.source as AnyStateNode;
  return (t.eventType === '' ? source.always : source.transitions.get(t.eventType)) ?? [];
};

/** The token of one transition: its guard, else its hint, else `not:<the guard before it>`. */
function tokenOf(t: AnyTransitionDefinition): string {
  if (t.eventType.startsWith('xstate.error.actor.')) return hint(t) ?? 'outage';
  const guard = formatGuard(t.guard);
  if (guard) return guard;
  const said = hint(t);
  if (said) return said;
  const guarded = candidatesOf(t).find((c) => c.guard);
  return guarded ? `not:${formatGuard(guarded.guard)}` : '';
}

/** The audit actions of a transition, to tell failures and confirmations apart. */
const audits = (t: AnyTransitionDefinition) =>
  staticParams(t, 'audit') as { event: string; outcome: string; method?: string }[];
const isFailure = (t: AnyTransitionDefinition) =>
  t.eventType.startsWith('xstate.error.actor.') || audits(t).some((a) => a.outcome === 'failure');

function allNodes(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      out.push(child);
      walk(child);
    }
  };
  walk(machine.root);
  return out;
}

function transitionsOf(node: AnyStateNode): AnyTransitionDefinition[] {
  return [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
}

/** A compound state is entered at its initial state, down to a leaf. */
function entered(node: AnyStateNode): AnyStateNode {
  let at = node;
  while (at.type === 'compound' && at.initial?.target?.[0]) at = at.initial.target[0] as AnyStateNode;
  return at;
}

interface Reached {
  page: AnyStateNode;
  tokens: string[];
  /** The transition that entered the page (null: it stayed). */
  via: AnyTransitionDefinition | null;
  event: string;
}

/** Where a transition leads a person: through busy states and decisions to the next pages. */
function follow(
  t: AnyTransitionDefinition,
  from: AnyStateNode,
  tokens: string[],
  seen: Set<string>,
): Reached[] {
  const targets = (t.target ?? []) as AnyStateNode[];
  if (!targets.length) return [{ page: from, tokens, via: null, event: '' }];
  return targets.flatMap((target) => {
    const leaf = entered(target);
    if (isPage(leaf)) return [{ page: leaf, tokens, via: t, event: '' }];
    if (seen.has(leaf.id)) return [];
    const next = new Set(seen).add(leaf.id);
    // A busy state or a decision: only a service's answer or an eventless transition moves it on.
    return transitionsOf(leaf)
      .filter((o) => o.eventType === '' || o.eventType.startsWith('xstate.'))
      .flatMap((o) => follow(o, from, [...tokens, tokenOf(o)], next));
  });
}

/** The ways out of a page: its own transitions and those of its groups (not the root's). */
function waysOut(page: AnyStateNode): Reached[] {
  const out: Reached[] = [];
  for (let node: AnyStateNode | undefined = page; node?.parent; node = node.parent) {
    for (const t of transitionsOf(node)) {
      for (const r of follow(t, page, [t.eventType, tokenOf(t)], new Set()))
        out.push({ ...r, event: t.eventType });
    }
  }
  return out;
}

// ---------- the graph ----------

function kindOf(
  node: AnyStateNode,
  entering: AnyTransitionDefinition[],
): Pick<JourneyPage, 'kind' | 'method'> {
  if (metaOf(node)?.redirect) return { kind: 'external', method: null };
  const confirmed = entering.flatMap(audits).find((a) => a.outcome === 'success' && a.method);
  if (confirmed) return { kind: 'added', method: confirmed.method ?? null };
  // An end that is not a confirmation, or a page only a failure leads to.
  if (node.type === 'final' || (entering.length > 0 && entering.every(isFailure)))
    return { kind: 'problem', method: null };
  return { kind: 'page', method: null };
}

const keysOf = (view: string) => PAGE_VARIANTS[view]?.variants.map((v) => pageKey(view, v.key)) ?? [view];

export function journeyGraph(machine: AnyStateMachine): JourneyGraph {
  const nodes = allNodes(machine);
  const entering = new Map<string, AnyTransitionDefinition[]>();
  for (const t of [machine.root, ...nodes].flatMap(transitionsOf))
    for (const target of (t.target ?? []) as AnyStateNode[]) {
      const leaf = entered(target);
      entering.set(leaf.id, [...(entering.get(leaf.id) ?? []), t]);
    }

  const pages: JourneyPage[] = [];
  for (const node of nodes.filter(isPage)) {
    const view = metaOf(node)?.view as string;
    const kind = kindOf(node, entering.get(node.id) ?? []);
    const variants = PAGE_VARIANTS[view]?.variants.map((v) => v.key) ?? [null];
    for (const variant of variants)
      pages.push({
        key: pageKey(view, variant),
        view,
        variant,
        stateId: node.id,
        path: node.path.join('.'),
        final: node.type === 'final',
        ...kind,
      });
  }

  const links = new Map<string, JourneyLink>();
  const add = (from: string, to: string, tokens: string[]) => {
    const id = `${from}>${to}`;
    const link = links.get(id) ?? { from, to, ways: [], back: true, outage: true };
    const way = tokens.filter(Boolean);
    if (!link.ways.some((w) => w.join() === way.join())) link.ways.push(way);
    link.back &&= way[0] === 'BACK_SELECTED';
    link.outage &&= way.includes('outage');
    links.set(id, link);
  };
  const viewOf = (node: AnyStateNode) => metaOf(node)?.view as string;

  for (const node of nodes.filter(isPage)) {
    for (const way of waysOut(node)) {
      const toView = viewOf(way.page);
      for (const from of keysOf(viewOf(node))) {
        const decided = PAGE_VARIANTS[toView];
        if (way.page === node) add(from, from, way.tokens);
        else if (decided && way.event === decided.decidedBy)
          for (const v of decided.variants)
            add(from, pageKey(toView, v.key), [...way.tokens, `variant:${v.key}`]);
        else for (const to of keysOf(toView)) add(from, to, way.tokens);
      }
    }
  }

  const fromAnyPage = new Map<string, string[][]>();
  for (const t of transitionsOf(machine.root).filter((x) => x.target?.length))
    for (const r of follow(t, machine.root, [t.eventType, tokenOf(t)], new Set()))
      for (const to of keysOf(viewOf(r.page)))
        fromAnyPage.set(to, [...(fromAnyPage.get(to) ?? []), r.tokens.filter(Boolean)]);

  const initial = entered(machine.root.initial?.target?.[0] as AnyStateNode);
  const firstNodes = isPage(initial)
    ? [initial]
    : (initial.always ?? []).flatMap((t) => follow(t, initial, [], new Set()).map((r) => r.page));
  return {
    pages,
    links: [...links.values()],
    first: [...new Set(firstNodes.flatMap((n) => keysOf(viewOf(n))))],
    fromAnyPage: [...fromAnyPage].map(([to, ways]) => ({ to, ways })),
  };
}

/** The way through: every page and link on a shortest way from a first page to a confirmation. */
export function happyPath(graph: JourneyGraph): { pages: Set<string>; links: Set<string> } {
  const kind = new Map(graph.pages.map((p) => [p.key, p.kind]));
  const usable = graph.links.filter(
    (l) => !l.back && !l.outage && l.from !== l.to && kind.get(l.to) !== 'problem',
  );
  const distance = new Map(graph.first.map((k) => [k, 0]));
  const queue = [...graph.first];
  while (queue.length) {
    const at = queue.shift() as string;
    for (const l of usable.filter((x) => x.from === at && !distance.has(x.to))) {
      distance.set(l.to, (distance.get(at) as number) + 1);
      queue.push(l.to);
    }
  }
  const pages = new Set<string>();
  const links = new Set<string>();
  const back = (key: string) => {
    if (pages.has(key)) return;
    pages.add(key);
    for (const l of usable.filter(
      (x) => x.to === key && distance.get(x.from) === (distance.get(key) ?? 0) - 1,
    )) {
      links.add(`${l.from}>${l.to}`);
      back(l.from);
    }
  };
  for (const p of graph.pages.filter((x) => x.kind === 'added' && distance.has(x.key))) back(p.key);
  return { pages, links };
}
