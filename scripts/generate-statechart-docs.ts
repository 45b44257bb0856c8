/**
 * Writes the docs generated from the journey statechart: docs/statechart.md (for developers),
 * docs/journey.md (in page titles, for analysts) and every diagram of both as SVG in docs/diagrams/.
 *
 *   npm run docs                    write them; renders only the pictures whose source changed
 *   npm run docs -- --force         render every picture again
 *   npm run docs:check              exit 1 if a file differs from what would be written, or a picture
 *                                   is missing or stale (compares source hashes: no browser needed)
 *   ... -- --dir <folder>           another copy of docs/ instead
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDiagrams, renderDiagrams } from '../tooling/docs/diagram-render.js';
import { generateStatechartDocs, statechartDiagrams } from '../tooling/docs/docs.js';
import { generateJourneyDocs } from '../tooling/docs/journey-doc.js';
import { generateOracleDoc } from '../tooling/oracle/doc.js';

// --dir checks or writes another copy of docs/ (the docs tests use one).
const at = process.argv.indexOf('--dir');
const root = at > 0 ? (process.argv[at + 1] as string) : fileURLToPath(new URL('../docs', import.meta.url));
const docs = (name: string) => join(root, name);
const diagramDir = docs('diagrams');

const journey = generateJourneyDocs();
const files = [
  { name: 'statechart.md', text: generateStatechartDocs() },
  { name: 'journey.md', text: journey.markdown },
  { name: 'spec-oracle.md', text: generateOracleDoc() },
];
const diagrams = [...statechartDiagrams(), ...journey.diagrams];

if (process.argv.includes('--check')) {
  const problems: string[] = [];
  for (const f of files) {
    const committed = await readFile(docs(f.name), 'utf8').catch(() => null);
    if (committed !== f.text) problems.push(`docs/${f.name} is out of date`);
  }
  problems.push(...(await checkDiagrams(diagramDir, diagrams)).map((p) => `docs/diagrams/${p}`));
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error('run npm run docs');
    process.exitCode = 1;
  } else console.log(`docs are up to date (${files.length} files, ${diagrams.length} pictures)`);
} else {
  for (const f of files) {
    await writeFile(docs(f.name), f.text);
    console.log(`wrote docs/${f.name} (${f.text.length} characters)`);
  }
  await mkdir(diagramDir, { recursive: true });
  const rendered = await renderDiagrams(diagramDir, diagrams, process.argv.includes('--force'));
  console.log(`rendered ${rendered.length} of ${diagrams.length} pictures in docs/diagrams/`);
}
