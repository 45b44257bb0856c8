import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { DevAccountBook } from './accounts.js';
import { subjectOf } from './accounts.js';
import {
  CARE_IDENTITY_NOT_AVAILABLE,
  errorPage,
  loginPage,
  PAGE_SECURITY_HEADERS,
  WRONG_CREDENTIALS,
} from './pages.js';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|care-identity|cancel))?$/;
const MAX_FORM_BYTES = 8 * 1024;

/** Serves the login pages of an interaction. Returns false when the request is not for them, so that
 *  the provider itself handles it. */
export async function handleInteraction(
  provider: Provider,
  accounts: DevAccountBook,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  const match = INTERACTION_PATH.exec(path);
  if (!match) return false;
  const action = match[2] ?? 'show';
  const expected = action === 'show' ? 'GET' : 'POST';
  if (req.method !== expected) {
    send(res, 405, errorPage({ error: 'method_not_allowed' }));
    return true;
  }

  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    // Binds the page to the browser that started the login (interaction cookie) and checks expiry.
    details = await provider.interactionDetails(req, res);
  } catch {
    send(res, 400, errorPage({ error: 'invalid_request', error_description: 'This login has expired.' }));
    return true;
  }
  if (details.uid !== match[1]) {
    send(res, 400, errorPage({ error: 'invalid_request', error_description: 'This login has expired.' }));
    return true;
  }
  const clientName = String(details.params.client_id ?? 'the service');
  const page = (extra: { email?: string; error?: string; notice?: string } = {}) =>
    loginPage({ uid: details.uid, clientName, ...extra });

  switch (action) {
    case 'show':
      send(res, 200, page());
      return true;
    case 'care-identity':
      await readForm(req);
      send(res, 200, page({ notice: CARE_IDENTITY_NOT_AVAILABLE }));
      return true;
    case 'cancel':
      await readForm(req);
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User cancelled the login' },
        { mergeWithLastSubmission: false },
      );
      return true;
    default: {
      const form = await readForm(req);
      const email = form.get('email') ?? '';
      const account = accounts.authenticate(email, form.get('password') ?? '');
      if (!account) {
        send(res, 200, page({ email, error: WRONG_CREDENTIALS }));
        return true;
      }
      const accountId = subjectOf(account);
      await forgetOtherAccount(provider, details, accountId);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
  }
}

/**
 * A login as another account than the one this browser's provider session holds (after a refused account,
 * "Try again" with the right one; or the next person at a shared PC) replaces that account, as Entra ID
 * does after prompt=login. Left to oidc-provider, the swap goes through an end-session step that this
 * provider does not serve, and the login fails. The session and the interaction's copy of it forget the
 * old account first.
 */
async function forgetOtherAccount(
  provider: Provider,
  interaction: Awaited<ReturnType<Provider['interactionDetails']>>,
  accountId: string,
): Promise<void> {
  const held = interaction.session;
  if (!held?.accountId || held.accountId === accountId) return;
  const stored = await provider.Session.findByUid(held.uid);
  if (stored) {
    stored.accountId = undefined;
    stored.authorizations = {};
    await stored.persist();
  }
  (held as { accountId?: string }).accountId = undefined;
  await interaction.save((interaction.exp ?? 0) - Math.floor(Date.now() / 1000));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_SECURITY_HEADERS);
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
