/** Pieces shared by the benchmark and the profiler: load a step with autocannon, prepare journeys. */
import autocannon, { type Result } from 'autocannon';
import { Browser, J, staff } from '../tooling/support/harness.js';
import type { ServiceProcess } from '../tooling/support/service-cluster.js';
import type { SmtpCapture } from '../tooling/support/smtp-capture.js';

export interface Session {
  cookie: string;
  csrf: string;
}
export type Target = { name: 'step' | 'floor' | 'express'; url: string; path: string; sessions: Session[] };

export async function measure(target: Target, connections: number, duration: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url: target.url,
    connections,
    duration,
    timeout: 30,
    setupClient(client) {
      const session = target.sessions[next++ % connections] as Session;
      client.setRequests([
        {
          method: 'POST',
          path: target.path,
          headers: {
            cookie: session.cookie,
            origin: target.url,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ _csrf: session.csrf }).toString(),
        },
        { method: 'GET', path: target.path, headers: { cookie: session.cookie } },
      ]);
    },
  });
}

/** `count` journeys at app-instructions, made the way a person would (email code and all). */
export async function prepareJourneys(service: ServiceProcess, smtp: SmtpCapture, count = 64) {
  const browsers: Browser[] = [];
  for (let batch = 0; batch < count; batch += 16) {
    const made = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const n = batch + i + 1;
        const b = new Browser(service.url, smtp, `198.18.0.${n}`, (req) => fetch(req));
        await b.begin();
        await b.proveEmail(staff(n));
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

export const log = (line: string) => process.stderr.write(`${line}\n`);
