/**
 * Answers built in one go: each request gets one plain header record when it starts (the security
 * headers with its CSP nonce, no-store for the journey), cookies and other headers are added to it,
 * and the answer is `new Response(body, { status, headers })` with that record. @hono/node-server
 * writes such an answer straight to the socket, with no Headers object on the way. An answer made any
 * other way (static files, the ops routes) gets the same headers added after the handler (app.ts).
 */
import type { Context } from 'hono';

export type HeaderRecord = Record<string, string>;

/** What every request of the app carries: its CSP nonce and the headers its answer will have. */
export type ReplyVariables = { secureHeadersNonce?: string; outgoing?: Outgoing };

export interface Outgoing {
  headers: HeaderRecord;
  /** Set-Cookie lines, in order. */
  cookies: string[];
}

type C = Context<{ Variables: ReplyVariables }>;

/** Responses made here, so the app's wrapper knows their headers are complete. */
const complete = new WeakSet<Response>();

export const isComplete = (res: Response) => complete.has(res);

/** The request's outgoing headers (a bare record when the app's wrapper did not run, as in a unit test). */
export function outgoingOf(c: C): Outgoing {
  let outgoing = c.get('outgoing');
  if (!outgoing) {
    outgoing = { headers: {}, cookies: [] };
    c.set('outgoing', outgoing);
  }
  return outgoing;
}

export function setHeader(c: C, name: string, value: string) {
  outgoingOf(c).headers[name] = value;
}

export function addCookie(c: C, line: string) {
  outgoingOf(c).cookies.push(line);
}

function respond(c: C, body: string | null, status: number, extra?: HeaderRecord): Response {
  const { headers, cookies } = outgoingOf(c);
  // Copies with Object.assign, not spreads: on Node 20 it is several times faster for such records.
  const record: HeaderRecord = extra ? Object.assign({}, headers, extra) : headers;
  let init: ResponseInit;
  if (cookies.length === 0) init = { status, headers: record };
  else if (cookies.length === 1)
    init = { status, headers: Object.assign({}, record, { 'set-cookie': cookies[0] as string }) };
  else {
    // Two cookies need a Headers object (a record would join them into one line).
    const list = new Headers(record);
    for (const cookie of cookies) list.append('set-cookie', cookie);
    init = { status, headers: list };
  }
  const res = new Response(body, init);
  complete.add(res);
  return res;
}

export const replyHtml = (c: C, status: number, html: string) =>
  respond(c, html, status, { 'content-type': 'text/html; charset=UTF-8' });

export const replyRedirect = (c: C, location: string, status: 301 | 302 | 303 = 303) =>
  respond(c, null, status, { location });

export const replyJson = (c: C, status: number, value: unknown) =>
  respond(c, JSON.stringify(value), status, { 'content-type': 'application/json' });

export const replyEmpty = (c: C, status: number) => respond(c, null, status);

/** Adds the request's outgoing headers to an answer made elsewhere (kept where it set its own). */
export function completeHeaders(c: C, res: Response) {
  const outgoing = c.get('outgoing');
  if (!outgoing) return;
  for (const [name, value] of Object.entries(outgoing.headers)) res.headers.set(name, value);
  for (const cookie of outgoing.cookies) res.headers.append('set-cookie', cookie);
}
