/** Every screen of SPEC.md is a state of the statechart, and every state is accounted for. */

import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { journeyMachine } from '../../src/machine/machine.js';
import type { ViewMeta } from '../../src/machine/setup.js';
import { SPEC_VIEW_IDS } from '../../src/machine/views.js';

function allStateNodes(): AnyStateNode[] {
  const found: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    found.push(node);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(journeyMachine.root);
  return found;
}

const metaOf = (node: AnyStateNode) => (node.meta ?? {}) as ViewMeta;
const isBusy = (node: AnyStateNode) => node.tags.includes('busy');
const isTransient = (node: AnyStateNode) => (node.always?.length ?? 0) > 0;
const isCompound = (node: AnyStateNode) => node.type === 'compound' || node.type === 'parallel';

describe('the screens of SPEC.md', () => {
  const nodes = allStateNodes();
  const views = nodes.map((n) => metaOf(n).view).filter((v) => v !== undefined) as string[];

  it('walks a tree of a sensible size', () => {
    expect(nodes.length).toBeGreaterThan(40);
  });

  it.each([...SPEC_VIEW_IDS])('%s is the view of a state', (id) => {
    expect(views).toContain(id);
  });

  it('gives each view to one state only', () => {
    expect(new Set(views).size).toBe(views.length);
  });

  it('has no view outside SPEC.md except the redirect to the provider', () => {
    const extra = nodes.filter((n) => {
      const view = metaOf(n).view;
      return view !== undefined && !(SPEC_VIEW_IDS as readonly string[]).includes(view);
    });
    expect(extra.map((n) => metaOf(n))).toEqual([
      { view: 'nhsnet-redirect', redirect: 'nhsnetAuthorization' },
    ]);
  });

  it.each(nodes.map((n) => [n.id, n] as const))('%s is busy, transient, compound or a page', (_, node) => {
    const kinds = [isBusy(node), isTransient(node), isCompound(node), !!metaOf(node).view].filter(Boolean);
    expect(kinds).toHaveLength(1);
  });

  it('invokes a service in every busy state, and only there', () => {
    for (const node of nodes) expect(node.invoke.length > 0, node.id).toBe(isBusy(node));
  });

  it('ends only on pages', () => {
    const finals = nodes.filter((n) => n.type === 'final');
    expect(finals.map((n) => metaOf(n).view).sort()).toEqual([
      'contact-registration-authority',
      'finished',
      'problem-adding-authenticator',
      'profile-not-found',
      'session-timed-out',
      'too-many-attempts',
    ]);
  });
});
