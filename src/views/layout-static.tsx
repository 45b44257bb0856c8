/**
 * The layout rendered once: <Layout> is rendered at start with markers where a request's values go
 * (the CSP nonce, the title, the page's scripts, the page container with its timeout warning) and cut into
 * its static pieces. A page then costs a render of what changes and a few joins. The markup is exactly
 * <Layout>'s: at start a page with every kind of value is made both ways and compared; if they ever
 * differ (<Layout> took a shape these cuts do not expect), pages are rendered whole with <Layout>.
 */
import { raw } from '@add-authenticator/jsx-html';
import { assetUrls } from './assets.js';
import { documentTitle, Layout, PageContainer } from './layout.js';
import { escapeHtml, renderHtml } from './render.js';
import type { PageContext, PageView, SiteSettings } from './types.js';

type Slot = 'nonce' | 'title' | 'scripts' | 'container';
type Piece = string | { slot: Slot };

const mark = (name: string) => `\u0001${name}\u0001`;
const SLOT = '\u0002';
const slot = (name: Slot) => `${SLOT}${name}${SLOT}`;
const CONTAINER_OPEN = '<div class="nhsuk-width-container" id="page-container"';

function scriptTag(src: string, nonce: string) {
  return `<script type="module" src="${escapeHtml(src)}" nonce="${nonce}"></script>`;
}

/** The layout as static pieces and slots for these site settings, or null when its shape is not the
 *  expected one. */
function cut(site: SiteSettings): Piece[] | null {
  const nonce = mark('nonce');
  const title = mark('title');
  const script = mark('script');
  const main = mark('main');
  let full = renderHtml(
    <Layout
      page={{ csrfToken: '', cspNonce: nonce, backLink: null, viewId: '', site }}
      view={{ title, content: raw(main), scripts: [script] }}
    />,
  );
  const once = (what: string, by: string) => {
    const at = full.indexOf(what);
    if (at < 0 || full.indexOf(what, at + 1) >= 0) return false;
    full = full.slice(0, at) + by + full.slice(at + what.length);
    return true;
  };
  if (!once(scriptTag(script, nonce), slot('scripts'))) return null;
  if (!once(documentTitle({ title }), slot('title'))) return null;
  // The page container (back link, <main>, timeout warning): everything a request changes in the body.
  const containerAt = full.indexOf(CONTAINER_OPEN);
  if (containerAt < 0 || full.indexOf(CONTAINER_OPEN, containerAt + 1) >= 0) return null;
  const mainEnd = full.indexOf('</main>', full.indexOf(main));
  if (mainEnd < 0) return null;
  const after = full.slice(mainEnd + '</main>'.length);
  if (!after.startsWith('</div>')) return null;
  full = `${full.slice(0, containerAt)}${slot('container')}${after.slice('</div>'.length)}`;
  full = full.split(nonce).join(slot('nonce'));
  if (full.includes('\u0001')) return null;
  return full.split(SLOT).map((text, i) => (i % 2 === 0 ? text : { slot: text as Slot }));
}

function fill(pieces: Piece[], page: PageContext, view: PageView): string {
  const nonce = escapeHtml(page.cspNonce);
  let html = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') html += piece;
    else if (piece.slot === 'nonce') html += nonce;
    else if (piece.slot === 'title') html += escapeHtml(documentTitle(view));
    else if (piece.slot === 'scripts') {
      // <Layout>'s list after the first script: the timeout warning's, then the page's own.
      if (page.timeout) html += scriptTag(assetUrls.timeoutWarningJs, nonce);
      for (const src of view.scripts ?? []) html += scriptTag(src, nonce);
    } else html += renderHtml(<PageContainer page={page} view={view} />);
  }
  return html;
}

/** A page with every kind of value, to compare both ways of rendering. */
function sameAsLayout(pieces: Piece[], site: SiteSettings): boolean {
  const page: PageContext = {
    csrfToken: 'token&"',
    cspNonce: 'n<o>nce',
    backLink: '/add-authenticator/start?a=1&b=2',
    viewId: 'check',
    site,
    timeout: { warnAtMs: 1, expiresAtMs: 2, absoluteExpiresAtMs: 3, nowMs: 0 },
  };
  const view: PageView = {
    title: `A "title" & <more> 'x'`,
    content: raw('<p>content</p>'),
    errors: [{ field: 'f', message: 'm' }],
    scripts: ['/assets/app/one.js', '/assets/app/two.js?x=1&y=2'],
  };
  return fill(pieces, page, view) === renderHtml(<Layout page={page} view={view} />);
}

/** The pieces for each site settings object (one per process in practice), or null: render whole. */
const piecesBySite = new WeakMap<SiteSettings, Piece[] | null>();

function piecesFor(site: SiteSettings): Piece[] | null {
  let pieces = piecesBySite.get(site);
  if (pieces === undefined) {
    const cutPieces = cut(site);
    pieces = cutPieces && sameAsLayout(cutPieces, site) ? cutPieces : null;
    piecesBySite.set(site, pieces);
  }
  return pieces;
}

/** Whether pages for these site settings are made from the pieces (false: <Layout> renders each whole). */
export function layoutPrerenderedFor(site: SiteSettings): boolean {
  return piecesFor(site) !== null;
}

/** The whole document for a page: exactly renderHtml(<Layout page view />). */
export function renderLayout(page: PageContext, view: PageView): string {
  const pieces = piecesFor(page.site);
  return pieces ? fill(pieces, page, view) : renderHtml(<Layout page={page} view={view} />);
}
