import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { journeyMachine } from '../../src/machine/machine.js';
import { SPEC_VIEW_IDS } from '../../src/machine/views.js';
import { generateStatechartDocs } from '../../tooling/docs/docs.js';
import { MERMAID_FORBIDDEN, mermaidIds, transitionLabel } from '../../tooling/docs/mermaid.js';
import { listStates, listTransitions } from '../../tooling/paths/statechart.js';

let generated: string;
let committed: string;
let blocks: string[];

beforeAll(async () => {
  generated = generateStatechartDocs();
  committed = await readFile(new URL('../../docs/statechart.md', import.meta.url), 'utf8');
  blocks = [...generated.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}, 60_000);

const ID = '[A-Za-z0-9_]+';
const LINE_FORMS = [
  /^stateDiagram-v2$/,
  /^classDef [a-z]+ [a-z-]+:[#a-z0-9]+( [0-9]+)?(,[a-z-]+:[#a-z0-9]+( [0-9]+)?)*$/,
  new RegExp(`^class ${ID}(,${ID})* [a-z]+$`),
  new RegExp(`^state "([^"]+)" as (${ID})( \\{)?$`),
  new RegExp(`^(${ID}) : (.+)$`),
  new RegExp(`^(\\[\\*\\]|${ID}) --> (\\[\\*\\]|${ID})( : (.+))?$`),
  /^\}$/,
];

/** Checks one Mermaid block line by line; returns what is wrong with it. */
function problemsOf(block: string): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  const used = new Set<string>();
  let depth = 0;
  for (const raw of block.trim().split('\n')) {
    const line = raw.trim();
    const form = LINE_FORMS.findIndex((re) => re.test(line));
    if (form < 0) {
      problems.push(`unexpected line: ${line}`);
      continue;
    }
    const m = LINE_FORMS[form]?.exec(line) as RegExpExecArray;
    if (form === 3) {
      declared.add(m[2] as string);
      if (m[1]?.match(MERMAID_FORBIDDEN)) problems.push(`forbidden character in title: ${line}`);
      if (m[3]) depth++;
    }
    if (form === 4 && m[2]?.match(MERMAID_FORBIDDEN)) problems.push(`forbidden character in text: ${line}`);
    if (form === 5) {
      for (const id of [m[1], m[2]]) if (id !== '[*]') used.add(id as string);
      if (m[4]?.match(MERMAID_FORBIDDEN)) problems.push(`forbidden character in label: ${line}`);
    }
    if (form === 6 && --depth < 0) problems.push('a } closes nothing');
  }
  if (depth !== 0) problems.push(`${depth} composite state(s) left open`);
  for (const id of used) if (!declared.has(id)) problems.push(`${id} is used but not declared`);
  for (const id of declared) if (/[-.]/.test(id)) problems.push(`bad id ${id}`);
  return problems;
}

describe('docs/statechart.md', () => {
  it('is what npm run docs generates from the statechart now', () => {
    expect(committed).toBe(generated);
  });

  it('is the same every time it is generated', () => {
    expect(generateStatechartDocs()).toBe(generated);
  }, 60_000);

  it('shows every SPEC view id with the state that has it', () => {
    for (const view of SPEC_VIEW_IDS) {
      const state = listStates(journeyMachine).find((s) => s.view === view);
      expect(state, view).toBeDefined();
      expect(generated).toContain(`| ${view} | \`${state?.id}\``);
    }
    expect(generated).not.toContain('MISSING');
  });

  it('has the whole diagram and one per branch, each a well-formed stateDiagram-v2', () => {
    expect(blocks.length).toBe(5);
    for (const block of blocks) expect(problemsOf(block)).toEqual([]);
  });

  it('draws every state and every transition of the machine in the whole diagram', () => {
    const [whole] = blocks as [string];
    const states = listStates(journeyMachine);
    const ids = mermaidIds(states);
    const all = listTransitions(journeyMachine);
    for (const s of states) expect(whole).toContain(` as ${ids.get(s.id)}`);
    for (const t of all.filter((x) => x.sourceId !== journeyMachine.root.id && x.targets.length)) {
      const label = transitionLabel(
        t,
        all.filter((o) => o.sourceId === t.sourceId && o.eventType === t.eventType),
      );
      const edge = whole
        .split('\n')
        .find((l) => l.trim().startsWith(`${ids.get(t.sourceId)} --> ${ids.get(t.targets[0] as string)} : `));
      expect(edge, t.id).toBeDefined();
      expect(edge?.split(' : ')[1]?.split(' / '), t.id).toContain(label);
    }
    expect(whole).toContain('anyState --> sessionTimedOut : CLOCK_TICKED [isJourneyTimedOut]');
    expect(whole).toMatch(/sessionTimedOut --> \[\*\]/);
    expect(whole).toContain('done verifyCaptcha [captchaPassed]');
    expect(whole).toContain('error verifyCaptcha');
  });

  it('finds problems in a malformed diagram', () => {
    expect(problemsOf('stateDiagram-v2\n  state "a" as a {\n  a --> b : x: y\n')).toEqual([
      'forbidden character in label: a --> b : x: y',
      '1 composite state(s) left open',
      'b is used but not declared',
    ]);
  });
});
