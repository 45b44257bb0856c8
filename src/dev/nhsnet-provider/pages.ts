/** Server-rendered pages of the development provider, made to look like the NHSmail login that
 *  NHS.net Connect still shows, with no external assets. */
import { escapeHtml, htmlDocumentHead } from '../../services/mail/html.js';

export { escapeHtml } from '../../services/mail/html.js';

export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const CARE_IDENTITY_NOT_AVAILABLE =
  'This option is not available here. Log in with your NHSmail email address and password.';
export const WRONG_CREDENTIALS = 'The email address or password you entered is not correct.';

const STYLE = `
body{margin:0;font-family:Arial,Helvetica,sans-serif;background:#f0f4f5;color:#212b32}
header{background:#005eb8;color:#fff;padding:16px 24px;display:flex;align-items:center;gap:12px}
.logo{border:2px solid #fff;font-weight:700;font-style:italic;padding:2px 6px;font-size:20px}
.product{font-size:22px;font-weight:700}
main{max-width:420px;margin:40px auto;background:#fff;padding:32px;border-top:4px solid #005eb8}
h1{font-size:28px;margin:0 0 8px}
.hint{color:#4c6272;margin:0 0 24px}
label{display:block;font-weight:700;margin:16px 0 4px}
input{width:100%;box-sizing:border-box;padding:8px;font-size:16px;border:2px solid #4c6272}
button{font-size:16px;font-weight:700;padding:10px 16px;border:0;cursor:pointer;width:100%;margin-top:16px}
.primary{background:#007f3b;color:#fff}
.secondary{background:#fff;color:#005eb8;border:2px solid #005eb8}
.link{background:none;color:#005eb8;text-decoration:underline;font-weight:400;width:auto;padding:0}
.or{text-align:center;margin:24px 0 0;color:#4c6272}
.error{border-left:6px solid #d5281b;padding:8px 12px;margin:0 0 16px;color:#d5281b;font-weight:700}
.notice{border-left:6px solid #005eb8;padding:8px 12px;margin:0 0 16px;background:#eef7ff}
`;

function page(title: string, body: string): string {
  return `${htmlDocumentHead(title, `<style>${STYLE}</style>`)}
<body>
<header><span class="logo">NHS</span><span class="product">NHSmail</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageInput {
  uid: string;
  clientName: string;
  email?: string;
  error?: string;
  notice?: string;
}

export function loginPage(input: LoginPageInput): string {
  const base = `/interaction/${encodeURIComponent(input.uid)}`;
  const error = input.error
    ? `<p class="error" role="alert" id="login-error">${escapeHtml(input.error)}</p>`
    : '';
  const notice = input.notice
    ? `<p class="notice" role="status" id="login-notice">${escapeHtml(input.notice)}</p>`
    : '';
  return page(
    'Log in to NHSmail',
    `<h1>Log in to NHSmail</h1>
<p class="hint">NHS.net Connect. Continue to ${escapeHtml(input.clientName)}.</p>
${error}${notice}
<form method="post" action="${base}/login" data-form="login" autocomplete="on">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" spellcheck="false" value="${escapeHtml(input.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button class="primary" type="submit">Log in</button>
</form>
<p class="or">or</p>
<form method="post" action="${base}/care-identity" data-form="care-identity">
<button class="secondary" type="submit">Log in with my Care Identity</button>
</form>
<form method="post" action="${base}/cancel" data-form="cancel">
<button class="link" type="submit">Cancel</button>
</form>`,
  );
}

export function errorPage(details: Record<string, string>): string {
  const rows = Object.entries(details)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
    .join('\n');
  return page('NHSmail - something went wrong', `<h1>Sorry, something went wrong</h1>\n${rows}`);
}
