/**
 * Lists the mutants of the last `npm run test:mutation` run that no test killed (from
 * reports/mutation/mutation.json), one line each, for docs/mutation.md: file:line, the mutator, the
 * original code and what it became. The reasons in docs/mutation.md are written by hand from this.
 */
import { readFileSync } from 'node:fs';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as {
  files: Record<string, { source: string; mutants: Mutant[] }>;
};
const counts: Record<string, number> = {};
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  for (const m of mutants) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const { start, end } = m.location;
    const original =
      start.line === end.line
        ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
        : `${(lines[start.line - 1] ?? '').slice(start.column - 1)} …`;
    const short = (t: string) => t.replace(/\s+/g, ' ').slice(0, 90);
    console.log(
      `${m.status} ${file}:${start.line} ${m.mutatorName}: ${short(original)} → ${short(m.replacement ?? '')}`,
    );
  }
}
console.log(JSON.stringify(counts));
