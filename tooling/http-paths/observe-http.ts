/**
 * The service's side of the oracle comparison over HTTP: what a person sees after a request, read from
 * the page served (its address, error summary and words) and what the request left behind that can be
 * seen from outside (mail sent, a lock in Redis, the journey cookie renewed or cleared and the stored
 * journey gone). The expected side is the oracle (tooling/oracle), which knows none of this.
 */
import { NOT_ADDED_HEADINGS, NOT_ADDED_REASONS } from '../../src/screens/authenticator-not-added.js';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import { type Seen, SHOWN } from '../oracle/classify.js';
import {
  type Effect,
  LATE_REASONS,
  type LateReason,
  type Method,
  notAddedBecause,
  type Page,
  waitFor,
} from '../oracle/table.js';
import type { HttpClient } from '../support/http-client.js';
import type { RunningService } from '../support/service-process.js';
import { journeyCookieName } from './checks.js';

/** What can change over a request, counted before and after it. */
export interface Traces {
  codeMails: number;
  notifications: number;
  locks: number;
  journeyId: string | null;
}

const journeyIdOf = (svc: RunningService, client: HttpClient) => {
  const cookie = client.cookie(journeyCookieName(svc));
  return cookie ? (decodeURIComponent(cookie).split('.')[0] ?? null) : null;
};

export async function traces(svc: RunningService, client: HttpClient): Promise<Traces> {
  const subjects = svc.smtp.messages.map((m) => m.subject);
  return {
    codeMails: subjects.filter((s) => s === EMAIL_CODE_SUBJECT).length,
    notifications: subjects.filter((s) => s === NOTIFICATION_SUBJECT).length,
    locks: (await svc.redisClient.keys('aa:rl:lock*')).length,
    journeyId: journeyIdOf(svc, client),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
/** The words of a piece of HTML, as a person reads them. */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name] ?? m)
    .replace(/\s+/g, ' ')
    .trim();

function errorSummary(html: string): string[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  if (!list) return html.includes('nhsuk-error-summary') ? ['(an error summary without a list)'] : [];
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] ?? ''));
}

function notAdded(html: string): string {
  const h1 = textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
  const words = textOf(html);
  const method = (Object.keys(NOT_ADDED_HEADINGS) as Method[]).find((m) => NOT_ADDED_HEADINGS[m] === h1);
  const reason = (Object.keys(NOT_ADDED_REASONS) as (keyof typeof NOT_ADDED_REASONS)[]).find((r) =>
    words.includes(NOT_ADDED_REASONS[r].why),
  );
  if (!method || !reason || !(reason in LATE_REASONS))
    return `not added: a page that says "${h1}", for a reason SPEC does not name`;
  return notAddedBecause(method, reason as LateReason);
}

/** The page and what it says, and what the request did, seen from outside the service. */
export async function observeHttp(svc: RunningService, client: HttpClient, before: Traces): Promise<Seen> {
  const page = client.last;
  const html = page?.html ?? '';
  const issuer = svc.service.nhsnetProvider?.issuer ?? 'no provider';
  const view = (page?.url.startsWith(`${issuer}/auth?`) ? 'nhsnet-redirect' : client.view()) as Page;
  const after = await traces(svc, client);
  const effects: string[] = [];
  for (let i = before.codeMails; i < after.codeMails; i++) effects.push('email code sent');
  if (after.locks > before.locks) effects.push('email and NI number locked for 15 minutes');
  // One notification, sent to each of the profile's addresses (SPEC 8).
  if (after.notifications > before.notifications) effects.push('authenticator saved, notification and audit');
  if (before.journeyId && after.journeyId && before.journeyId !== after.journeyId)
    effects.push('journey id renewed');
  if (before.journeyId && !after.journeyId) {
    const stored = await svc.redisClient.exists(`aa:journey:{${before.journeyId}}`);
    effects.push(
      stored ? 'journey cookie cleared, the journey still stored' : 'journey deleted on the server',
    );
  }
  const words = textOf(html);
  const shows: string[] = [];
  if (view === 'choose-authenticator' && words.includes('NHS.net Connect (already added)'))
    shows.push(SHOWN.nhsnetTaken);
  // SPEC 7: type 2 is the one that says to select "Change".
  if (view === 'passkey-register') shows.push(words.includes('select "Change"') ? SHOWN.type2 : SHOWN.type1);
  if (view === 'enter-email-code' && words.includes('We have sent you a new code')) shows.push(SHOWN.newCode);
  if (view === 'authenticator-not-added') shows.push(notAdded(html));
  if (view === 'too-many-attempts') {
    const minutes = /Wait (\d+) minutes?, then start again/.exec(words)?.[1];
    shows.push(
      minutes
        ? waitFor(Number(minutes))
        : words.includes('You can start again now')
          ? waitFor(null)
          : 'says nothing about waiting',
    );
  }
  return { page: view, errors: errorSummary(html), effects: effects as Effect[], shows };
}
