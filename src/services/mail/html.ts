/** Plain HTML documents built as strings (emails, and the development provider's pages). */

import { escapeHtml } from '@add-authenticator/jsx-html';

/** The same escaping as the pages (& < > " and '). */
export { escapeHtml };

/** Everything up to and including `</head>`: the doctype, language, charset, viewport and title. */
export function htmlDocumentHead(title: string, extraHead = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>${extraHead ? `\n${extraHead}` : ''}
</head>`;
}
