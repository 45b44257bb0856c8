/** Pieces shared by the benchmark and the profiler: load a step with autocannon, prepare journeys. */
import { readFileSync } from 'node:fs';
import autocannon, { type Request as LoadRequest, type Result } from 'autocannon';
import { Browser, J, staff } from '../tooling/support/harness.js';
import type { ProductionService } from '../tooling/support/production-service.js';
import type { SmtpCapture } from '../tooling/support/smtp-capture.js';

export interface Session {
  cookie: string;
  csrf: string;
}
export type TargetName = 'step' | 'fragment' | 'floor' | 'express';
export interface Target {
  name: TargetName;
  url: string;
  /** The Origin a browser sends (the public address). */
  origin: string;
  path: string;
  sessions: Session[];
  /** step: POST → 303 → GET (no JavaScript); fragment: one POST with HX-Request answered 200. */
  kind: 'step' | 'fragment';
}

/** What a proxy in front of the service adds (one hop, TRUST_PROXY_HOPS=1). */
const FORWARDED_FOR = '203.0.113.9';

export async function measure(target: Target, connections: number, duration: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url: target.url,
    connections,
    duration,
    timeout: 30,
    setupClient(client) {
      const session = target.sessions[next++ % connections] as Session;
      const post: LoadRequest = {
        method: 'POST',
        path: target.path,
        headers: {
          cookie: session.cookie,
          origin: target.origin,
          'x-forwarded-for': FORWARDED_FOR,
          'content-type': 'application/x-www-form-urlencoded',
          ...(target.kind === 'fragment' ? { 'hx-request': 'true' } : {}),
        },
        body: new URLSearchParams({ _csrf: session.csrf }).toString(),
      };
      const get: LoadRequest = {
        method: 'GET',
        path: target.path,
        headers: { cookie: session.cookie, 'x-forwarded-for': FORWARDED_FOR },
      };
      client.setRequests(target.kind === 'fragment' ? [post] : [post, get]);
    },
  });
}

/** A browser at the service's public https address whose requests reach it through the proxy. */
export function productionBrowser(service: ProductionService, smtp: SmtpCapture, ip: string): Browser {
  return new Browser(service.publicUrl, smtp, ip, async (req) => {
    const target = new URL(req.url);
    const internal = new URL(service.url);
    target.protocol = internal.protocol;
    target.host = internal.host;
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
    return fetch(target, { method: req.method, headers: req.headers, body, redirect: 'manual' });
  });
}

/** The journey id inside a browser's signed cookie. */
export function journeyIdOf(b: Browser, service: ProductionService): string {
  const raw = decodeURIComponent(b.cookie(service.cookieName) ?? '');
  return raw.slice(0, raw.lastIndexOf('.'));
}

/** `count` journeys at app-instructions, made the way a person would (CAPTCHA, email code and all). */
export async function prepareJourneys(service: ProductionService, smtp: SmtpCapture, count = 64) {
  const browsers: Browser[] = [];
  for (let batch = 0; batch < count; batch += 16) {
    const made = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const n = batch + i + 1;
        const who = staff(n);
        const b = productionBrowser(service, smtp, `198.18.0.${n}`);
        await b.begin();
        const sent = b.codeMails(who.email).length;
        await b.post(`${J}/enter-details`, {
          email: who.email,
          niNumber: who.niNumber,
          'h-captcha-response': 'token-from-the-widget',
        });
        b.expectView('enter-email-code');
        await b.post(`${J}/enter-email-code`, { code: await b.latestCode(who.email, sent + 1) });
        b.expectView('choose-authenticator');
        await b.post(`${J}/choose-authenticator`, { method: 'app' });
        await b.post(`${J}/app-instructions`, {});
        b.expectView('app-instructions');
        return b;
      }),
    );
    browsers.push(...made);
  }
  return browsers;
}

export function sessionsOf(browsers: Browser[], service: ProductionService): Session[] {
  return browsers.map((b) => ({
    cookie: `${service.cookieName}=${b.cookie(service.cookieName)}`,
    csrf: b.csrfToken() ?? '',
  }));
}

export async function primeExpress(url: string): Promise<Session[]> {
  return Promise.all(
    Array.from({ length: 64 }, async () => {
      const res = await fetch(`${url}/prime`);
      const cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const { csrf } = (await res.json()) as { csrf: string };
      return { cookie, csrf };
    }),
  );
}

/** CPU time (user + system, µs) a process has used so far, from /proc (Linux). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** A measurement, and the CPU time the target's process spent in it. */
export async function measureWithCpu(target: Target, connections: number, duration: number, pid: number) {
  const before = cpuMicros(pid);
  const result = await measure(target, connections, duration);
  return { result, cpuMicros: cpuMicros(pid) - before };
}

/** The service's settings for the benchmark beyond production's: many journeys start from one address. */
export const BENCH_SETTINGS = { JOURNEY_STARTS_PER_IP: '100000' };

export const log = (line: string) => process.stderr.write(`${line}\n`);
