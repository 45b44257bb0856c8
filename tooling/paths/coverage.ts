/**
 * Counts what running paths on the machine actually did, against what the definition holds: every
 * state node below the root and every transition candidate (statechart.ts).
 */
import type { AnyStateMachine } from 'xstate';
import { listStates, listTransitions } from './statechart.js';

export interface CoverageReport {
  states: { covered: number; total: number; missed: string[] };
  transitions: { covered: number; total: number; missed: string[] };
  /** Ids seen while running that the definition does not have: a bug in the counting itself. */
  unknown: string[];
}

export class CoverageCounter {
  private readonly states: string[];
  private readonly transitions: string[];
  private readonly seenStates = new Set<string>();
  private readonly seenTransitions = new Set<string>();
  private readonly unknown = new Set<string>();

  constructor(machine: AnyStateMachine) {
    this.states = listStates(machine).map((s) => s.id);
    this.transitions = listTransitions(machine).map((t) => t.id);
  }

  visit(stateIds: Iterable<string>): void {
    for (const id of stateIds) {
      if (this.states.includes(id)) this.seenStates.add(id);
      else this.unknown.add(`state ${id}`);
    }
  }

  take(transitionIds: Iterable<string>): void {
    for (const id of transitionIds) {
      if (this.transitions.includes(id)) this.seenTransitions.add(id);
      else this.unknown.add(`transition ${id}`);
    }
  }

  report(): CoverageReport {
    return {
      states: {
        covered: this.seenStates.size,
        total: this.states.length,
        missed: this.states.filter((id) => !this.seenStates.has(id)),
      },
      transitions: {
        covered: this.seenTransitions.size,
        total: this.transitions.length,
        missed: this.transitions.filter((id) => !this.seenTransitions.has(id)),
      },
      unknown: [...this.unknown].sort(),
    };
  }
}

export function isComplete(report: CoverageReport): boolean {
  return (
    report.states.covered === report.states.total &&
    report.transitions.covered === report.transitions.total &&
    report.unknown.length === 0
  );
}

/** The two summary lines, then what was missed, if anything. */
export function formatCoverage(report: CoverageReport): string[] {
  const lines = [
    `states covered: ${report.states.covered}/${report.states.total}`,
    `transitions covered: ${report.transitions.covered}/${report.transitions.total}`,
  ];
  for (const id of report.states.missed) lines.push(`  missed state: ${id}`);
  for (const id of report.transitions.missed) lines.push(`  missed transition: ${id}`);
  for (const id of report.unknown) lines.push(`  not in the definition: ${id}`);
  return lines;
}
