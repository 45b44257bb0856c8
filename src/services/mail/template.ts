/**
 * Plain NHS-style emails. The text and HTML parts are rendered from the same blocks so they
 * can never say different things; every value is escaped in the HTML part.
 */
import { escapeHtml, htmlDocumentHead } from './html.js';

export { escapeHtml } from './html.js';

export type EmailBlock =
  | { kind: 'paragraph'; text: string }
  /** A value the reader must copy, such as a security code: shown large in HTML. */
  | { kind: 'code'; label: string; value: string }
  | { kind: 'facts'; items: Array<{ label: string; value: string }> }
  | { kind: 'link'; before: string; text: string; href: string; after?: string }
  | { kind: 'heading'; text: string };

export interface EmailContent {
  /** Shown in the blue header bar and as the signature. */
  serviceName: string;
  title: string;
  blocks: EmailBlock[];
}

const NHS_BLUE = '#005eb8';
const TEXT_COLOUR = '#212b32';
const FONT = 'Arial, Helvetica, sans-serif';

export function renderEmail(content: EmailContent): { text: string; html: string } {
  return { text: renderText(content), html: renderHtml(content) };
}

function renderText({ serviceName, title, blocks }: EmailContent): string {
  const lines: string[] = [title, ''];
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        lines.push(block.text, '');
        break;
      case 'heading':
        lines.push(block.text.toUpperCase(), '');
        break;
      case 'code':
        lines.push(`${block.label}: ${block.value}`, '');
        break;
      case 'facts':
        for (const item of block.items) lines.push(`${item.label}: ${item.value}`);
        lines.push('');
        break;
      case 'link':
        lines.push(`${block.before}${block.text}: ${block.href}${block.after ?? ''}`, '');
        break;
    }
  }
  lines.push(serviceName);
  return lines.join('\n');
}

function renderHtml({ serviceName, title, blocks }: EmailContent): string {
  const p = `margin:0 0 16px 0;font-family:${FONT};font-size:19px;line-height:1.47;color:${TEXT_COLOUR};`;
  const body = blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return `<p style="${p}">${escapeHtml(block.text)}</p>`;
        case 'heading':
          return `<h2 style="margin:24px 0 16px 0;font-family:${FONT};font-size:24px;color:${TEXT_COLOUR};">${escapeHtml(block.text)}</h2>`;
        case 'code':
          return (
            `<p style="${p}">${escapeHtml(block.label)}:</p>` +
            `<p style="${p}font-size:32px;font-weight:bold;letter-spacing:4px;">${escapeHtml(block.value)}</p>`
          );
        case 'facts':
          return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;">${block.items
            .map(
              (item) =>
                `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-family:${FONT};font-size:19px;color:${TEXT_COLOUR};">${escapeHtml(item.label)}</th>` +
                `<td style="padding:4px 0;font-family:${FONT};font-size:19px;color:${TEXT_COLOUR};">${escapeHtml(item.value)}</td></tr>`,
            )
            .join('')}</table>`;
        case 'link':
          return `<p style="${p}">${escapeHtml(block.before)}<a href="${escapeHtml(block.href)}" style="color:${NHS_BLUE};">${escapeHtml(block.text)}</a>${escapeHtml(block.after ?? '')}</p>`;
      }
      return '';
    })
    .join('\n');

  return `${htmlDocumentHead(title)}
<body style="margin:0;padding:0;background-color:#f0f4f5;">
<table role="presentation" width="100%" style="border-collapse:collapse;">
<tr><td style="background-color:${NHS_BLUE};padding:16px 24px;font-family:${FONT};font-size:19px;font-weight:bold;color:#ffffff;">${escapeHtml(serviceName)}</td></tr>
<tr><td style="background-color:#ffffff;padding:24px;">
<h1 style="margin:0 0 24px 0;font-family:${FONT};font-size:32px;line-height:1.25;color:${TEXT_COLOUR};">${escapeHtml(title)}</h1>
${body}
<p style="${p}">${escapeHtml(serviceName)}</p>
</td></tr>
</table>
</body>
</html>`;
}
