/**
 * Mermaid diagrams → SVG files in docs/diagrams/, with @mermaid-js/mermaid-cli driving Debian's
 * chromium (tooling/docs/puppeteer-config.json; puppeteer never downloads a browser, see .puppeteerrc.cjs).
 * Each SVG starts with a comment holding the hash of what it was rendered from (the Mermaid source, the
 * Mermaid version and the render settings), so checking that every picture is current needs no browser:
 * it only compares hashes.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Diagram {
  /** File name without `.svg`: letters, digits and hyphens. */
  name: string;
  source: string;
}

const require = createRequire(import.meta.url);
const MERMAID_VERSION = (require('mermaid/package.json') as { version: string }).version;
const PUPPETEER_CONFIG = new URL('./puppeteer-config.json', import.meta.url);

/** What every diagram is drawn with: part of the hash, so a change here re-renders them all. */
export const MERMAID_CONFIG = {
  theme: 'base',
  // Plain SVG text, not HTML in foreignObject: readable in any SVG viewer.
  htmlLabels: false,
  markdownAutoWrap: false,
  themeVariables: {
    fontFamily: 'Arial, Helvetica, sans-serif',
    fontSize: '15px',
    primaryColor: '#ffffff',
    primaryBorderColor: '#005eb8',
    primaryTextColor: '#212b32',
    lineColor: '#425563',
  },
  flowchart: { htmlLabels: false, curve: 'basis', nodeSpacing: 30, rankSpacing: 45, wrappingWidth: 400 },
  state: { nodeSpacing: 30, rankSpacing: 40 },
  deterministicIds: true,
  deterministicIDSeed: 'add-authenticator',
};

const HASH_PREFIX = '<!-- mermaid-source-sha256: ';

export function sourceHash(diagram: Diagram): string {
  return createHash('sha256')
    .update(JSON.stringify([diagram.source, MERMAID_VERSION, MERMAID_CONFIG]))
    .digest('hex');
}

const fileOf = (dir: string, name: string) => join(dir, `${name}.svg`);

async function storedHash(file: string): Promise<string | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text?.startsWith(HASH_PREFIX)) return null;
  return text.slice(HASH_PREFIX.length, text.indexOf(' -->'));
}

/** What is wrong with the pictures in `dir`: missing, stale (rendered from another source) or left over. */
export async function checkDiagrams(dir: string, diagrams: Diagram[]): Promise<string[]> {
  const problems: string[] = [];
  for (const d of diagrams) {
    const stored = await storedHash(fileOf(dir, d.name));
    if (stored === null) problems.push(`${d.name}.svg is missing`);
    else if (stored !== sourceHash(d)) problems.push(`${d.name}.svg is stale`);
  }
  const wanted = new Set(diagrams.map((d) => `${d.name}.svg`));
  const present = await readdir(dir).catch(() => [] as string[]);
  for (const f of present.filter((x) => x.endsWith('.svg') && !wanted.has(x)))
    problems.push(`${f} is not generated from any diagram`);
  return problems;
}

export async function launchDiagramBrowser() {
  const { default: puppeteer } = await import('puppeteer');
  const config = JSON.parse(await readFile(PUPPETEER_CONFIG, 'utf8')) as Record<string, unknown>;
  if (process.env.CHROMIUM_PATH) config.executablePath = process.env.CHROMIUM_PATH;
  return puppeteer.launch(config);
}

type DiagramBrowser = Awaited<ReturnType<typeof launchDiagramBrowser>>;

/** One diagram as SVG text, with the hash comment first. */
export async function renderDiagram(browser: DiagramBrowser, diagram: Diagram): Promise<string> {
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  const { data } = await renderMermaid(browser, diagram.source, 'svg', {
    mermaidConfig: MERMAID_CONFIG as never,
    backgroundColor: 'white',
    svgId: diagram.name,
  });
  return `${HASH_PREFIX}${sourceHash(diagram)} -->\n${new TextDecoder().decode(data)}\n`;
}

/**
 * Renders the diagrams whose picture is missing or stale (all with `force`) in one browser, and removes
 * pictures no diagram makes any more. Returns the names rendered.
 */
export async function renderDiagrams(dir: string, diagrams: Diagram[], force = false): Promise<string[]> {
  const todo: Diagram[] = [];
  for (const d of diagrams)
    if (force || (await storedHash(fileOf(dir, d.name))) !== sourceHash(d)) todo.push(d);
  const wanted = new Set(diagrams.map((d) => `${d.name}.svg`));
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.svg') && !wanted.has(x)))
    await rm(join(dir, f));
  if (!todo.length) return [];
  const browser = await launchDiagramBrowser();
  try {
    for (const d of todo) await writeFile(fileOf(dir, d.name), await renderDiagram(browser, d));
  } finally {
    await browser.close();
  }
  return todo.map((d) => d.name);
}
