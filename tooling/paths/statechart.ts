/**
 * Reads the journey statechart's own definition: its state nodes and every transition candidate.
 * The docs generator and the path-coverage counter share these, so both count the same things.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export type TransitionKind = 'event' | 'done' | 'error' | 'always';

export interface StateInfo {
  /** The state node id (`#id`), e.g. `enterDetails` or `journey.identity`. */
  id: string;
  /** Dotted path from the root, e.g. `identity.enterDetails`. */
  path: string;
  type: AnyStateNode['type'];
  parentId: string | null;
  depth: number;
  view: string | null;
  redirect: string | null;
  tags: string[];
  description: string | null;
  invokes: { id: string; src: string }[];
  /** Child state ids, in definition order. */
  children: string[];
  initial: string | null;
}

export interface TransitionInfo {
  /** `source::event::index`, the same for every instance of the machine (see transitionId). */
  id: string;
  sourceId: string;
  /** The event type; '' for an eventless (always) transition. */
  eventType: string;
  kind: TransitionKind;
  /** Position among the candidates of the same source and event: they are tried in this order. */
  index: number;
  guard: string | null;
  /** Target state ids; empty for a targetless transition (actions only). */
  targets: string[];
  actions: string[];
  /** The invoke whose completion or failure this transition handles. */
  invokeId: string | null;
}

/** Every state node below the root, depth first in definition order (the root is not counted). */
export function stateNodes(machine: AnyStateMachine): AnyStateNode[] {
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

const viewOf = (node: AnyStateNode): string | null =>
  (node.meta as { view?: string } | undefined)?.view ?? null;

export function stateInfo(node: AnyStateNode): StateInfo {
  const meta = node.meta as { view?: string; redirect?: string } | undefined;
  const initialTarget = node.type === 'compound' ? node.initial?.target?.[0] : undefined;
  return {
    id: node.id,
    path: node.path.join('.'),
    type: node.type,
    parentId: node.parent?.id ?? null,
    depth: node.path.length,
    view: viewOf(node),
    redirect: meta?.redirect ?? null,
    tags: [...node.tags].sort(),
    description: node.description ?? null,
    invokes: node.invoke.map((i) => ({ id: i.id, src: typeof i.src === 'string' ? i.src : i.id })),
    children: (Object.values(node.states) as AnyStateNode[]).map((c) => c.id),
    initial: initialTarget ? (initialTarget as AnyStateNode).id : null,
  };
}

export function listStates(machine: AnyStateMachine): StateInfo[] {
  return stateNodes(machine).map(stateInfo);
}

/** The candidates a transition definition sits among: its source's list for its event, or `always`. */
function candidatesOf(t: AnyTransitionDefinition): AnyTransitionDefinition[] {
  const source = t.source as AnyStateNode;
  if (t.eventType === '') return source.always ?? [];
  return source.transitions.get(t.eventType) ?? [];
}

/** A stable id for a transition definition, whichever machine instance (provide()) it comes from. */
export function transitionId(t: AnyTransitionDefinition): string {
  const list = candidatesOf(t);
  let index = list.indexOf(t);
  // provide() builds new definitions; fall back to matching by position of an equal-looking candidate.
  if (index < 0) index = list.findIndex((c) => c.guard === t.guard && sameTargets(c, t));
  return `${(t.source as AnyStateNode).id}::${t.eventType || 'always'}::${index}`;
}

function sameTargets(a: AnyTransitionDefinition, b: AnyTransitionDefinition): boolean {
  const ids = (t: AnyTransitionDefinition) => (t.target ?? []).map((n) => (n as AnyStateNode).id).join(',');
  return ids(a) === ids(b);
}

/** A guard as text: `name`, or `name(key=value)` when its params are fixed in the definition. */
export function formatGuard(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inlineGuard';
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: unknown };
    if (params && typeof params === 'object') {
      const parts = Object.entries(params as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
      return parts.length ? `${type}(${parts.join(', ')})` : type;
    }
    return type;
  }
  return 'guard';
}

function formatAction(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') return action.name || 'inlineAction';
  if (action && typeof action === 'object' && 'type' in action) return String(action.type);
  return 'action';
}

function kindOf(eventType: string): { kind: TransitionKind; invokeId: string | null } {
  if (eventType === '') return { kind: 'always', invokeId: null };
  if (eventType.startsWith('xstate.done.actor.'))
    return { kind: 'done', invokeId: eventType.slice('xstate.done.actor.'.length) };
  if (eventType.startsWith('xstate.error.actor.'))
    return { kind: 'error', invokeId: eventType.slice('xstate.error.actor.'.length) };
  return { kind: 'event', invokeId: null };
}

function describe(t: AnyTransitionDefinition, index: number): TransitionInfo {
  const sourceId = (t.source as AnyStateNode).id;
  const eventType = t.eventType;
  return {
    id: `${sourceId}::${eventType || 'always'}::${index}`,
    sourceId,
    eventType,
    ...kindOf(eventType),
    index,
    guard: formatGuard(t.guard),
    targets: (t.target ?? []).map((n) => (n as AnyStateNode).id),
    actions: t.actions.map(formatAction),
  };
}

/** The transitions of one state node: its events in definition order, then its eventless ones. */
export function transitionsOf(node: AnyStateNode): TransitionInfo[] {
  const lists = [...node.transitions.values(), node.always ?? []];
  return lists.flatMap((candidates) => candidates.map((t, i) => describe(t, i)));
}

/** Every (source state, event, guarded candidate) of the machine, the root's own transitions first. */
export function listTransitions(machine: AnyStateMachine): TransitionInfo[] {
  return [machine.root, ...stateNodes(machine)].flatMap(transitionsOf);
}

/** The state with a view that a snapshot shows: the deepest active state with meta.view. */
export function viewOfNodes(nodes: readonly AnyStateNode[]): string | null {
  let view: string | null = null;
  for (const node of nodes) view = viewOf(node) ?? view;
  return view;
}
