/**
 * Puppeteer (used by @mermaid-js/mermaid-cli for `npm run docs`) never downloads a browser: the
 * diagrams are rendered with Debian's chromium (/usr/bin/chromium), see scripts/lib/diagram-render.ts.
 */
module.exports = { skipDownload: true };
