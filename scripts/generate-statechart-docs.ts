/**
 * Writes docs/statechart.md from the journey statechart.
 *
 *   npm run docs         write it
 *   npm run docs:check   exit 1 if the committed file differs from what would be written
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateStatechartDocs } from '../tooling/docs/docs.js';

const target = fileURLToPath(new URL('../docs/statechart.md', import.meta.url));
const fresh = generateStatechartDocs();

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => null);
  if (committed !== fresh) {
    console.error('docs/statechart.md is out of date: run npm run docs');
    process.exitCode = 1;
  } else console.log('docs/statechart.md is up to date');
} else {
  await writeFile(target, fresh);
  console.log(`wrote docs/statechart.md (${fresh.length} characters)`);
}
