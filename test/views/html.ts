/**
 * A small HTML tokeniser for comparing markup without a parser: tags with sorted
 * attributes, whitespace-collapsed text, entities decoded, boolean attributes and
 * self-closing forms made equal. Enough for nhsuk-frontend fixtures and our pages.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const TOKEN =
  /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|[^<]+|</gi;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[lower] ?? '';
  });
}

export interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
}

export type Token = { kind: 'tag'; tag: Tag } | { kind: 'text'; text: string };

export function tokenise(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const [whole, slash, rawName, rawAttributes, selfClosing] = match;
    if (whole.startsWith('<!')) continue;
    if (rawName === undefined) {
      const text = decodeEntities(whole).replace(/\s+/g, ' ').trim();
      if (text.length > 0) tokens.push({ kind: 'text', text });
      continue;
    }
    const name = rawName.toLowerCase();
    const attributes = new Map<string, string>();
    for (const attribute of (rawAttributes ?? '').matchAll(ATTRIBUTE)) {
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      attributes.set(attribute[1]!.toLowerCase(), decodeEntities(value).replace(/\s+/g, ' ').trim());
    }
    tokens.push({ kind: 'tag', tag: { name, closing: slash === '/', attributes } });
    if (selfClosing === '/' && !VOID.has(name)) {
      tokens.push({ kind: 'tag', tag: { name, closing: true, attributes: new Map() } });
    }
  }
  return tokens;
}

/** One line per tag or text, attributes sorted, so two renderings compare (and diff) line by line. */
export function normalise(html: string): string {
  return tokenise(html)
    .map((token) => {
      if (token.kind === 'text') return token.text;
      const { name, closing, attributes } = token.tag;
      if (closing) return VOID.has(name) ? '' : `</${name}>`;
      const sorted = [...attributes.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => (value === '' ? ` ${key}` : ` ${key}="${value}"`))
        .join('');
      return `<${name}${sorted}>`;
    })
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Start tags of an element name, for assertions on attributes. */
export function startTags(html: string, name: string): Tag[] {
  return tokenise(html)
    .filter((token): token is { kind: 'tag'; tag: Tag } => token.kind === 'tag')
    .map((token) => token.tag)
    .filter((tag) => tag.name === name && !tag.closing);
}

/** The text runs of the page, whitespace collapsed. */
export function textTokens(html: string): string[] {
  return tokenise(html)
    .filter((token): token is { kind: 'text'; text: string } => token.kind === 'text')
    .map((token) => token.text);
}

/** Visible-ish text of the page (all text runs joined). */
export function textOf(html: string): string {
  return textTokens(html).join(' ');
}

export interface Fixture {
  name: string;
  context: Record<string, unknown>;
  html: string;
}

const fixturesRoot = fileURLToPath(
  new URL('../../node_modules/nhsuk-frontend/dist/nhsuk/components/', import.meta.url),
);

/**
 * The one fixture of a component with this name (and, when names repeat, matching the
 * predicate on its context). Throws when none or several match, so no fixture is skipped silently.
 */
export function fixture(
  component: string,
  name: string,
  predicate: (context: Record<string, unknown>) => boolean = () => true,
): Fixture {
  const file = JSON.parse(readFileSync(`${fixturesRoot}${component}/fixtures.json`, 'utf8')) as {
    fixtures: Fixture[];
  };
  const found = file.fixtures.filter((candidate) => candidate.name === name && predicate(candidate.context));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${component} fixture "${name}", found ${found.length}`);
  }
  return found[0]!;
}

export interface FormInfo {
  action: string | undefined;
  method: string | undefined;
  /** input, select, textarea and button start tags inside the form. */
  controls: Tag[];
  /** Text inside the form. */
  text: string;
}

/** The forms of a page with their controls (forms are never nested in our pages). */
export function formsOf(html: string): FormInfo[] {
  const forms: FormInfo[] = [];
  let current: FormInfo | null = null;
  for (const token of tokenise(html)) {
    if (token.kind === 'text') {
      if (current) current.text = `${current.text} ${token.text}`.trim();
      continue;
    }
    const { tag } = token;
    if (tag.name === 'form' && !tag.closing) {
      current = {
        action: tag.attributes.get('action'),
        method: tag.attributes.get('method'),
        controls: [],
        text: '',
      };
      forms.push(current);
    } else if (tag.name === 'form' && tag.closing) {
      current = null;
    } else if (current && !tag.closing && ['input', 'select', 'textarea', 'button'].includes(tag.name)) {
      current.controls.push(tag);
    }
  }
  return forms;
}

/** All start tags, for id and attribute checks. */
export function allStartTags(html: string): Tag[] {
  return tokenise(html)
    .filter((token): token is { kind: 'tag'; tag: Tag } => token.kind === 'tag')
    .map((token) => token.tag)
    .filter((tag) => !tag.closing);
}
