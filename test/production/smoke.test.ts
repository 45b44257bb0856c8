/**
 * The production shape: `npm run build`, then `node dist/main.js` with NODE_ENV=production, started from
 * a directory outside the project, against a real Redis, the SMTP capture, a loopback hCaptcha siteverify
 * stand-in, and the NHS.net Connect provider in a process of its own over https. A whole authenticator-app
 * journey runs over HTTP. Every module the process loaded is recorded (tooling/support/module-log-hook.mjs):
 * no tsx, no TypeScript, no development module and no package the lockfile marks as a development
 * dependency may be among them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import { HttpClient } from '../../tooling/support/http-client.js';
import {
  buildIfStale,
  type ProductionService,
  productionNodeFlags,
  startProductionService,
} from '../../tooling/support/production-service.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { type SiteverifyServer, startSiteverifyServer } from '../../tooling/support/siteverify-server.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const ROOT = resolve(import.meta.dirname, '../..');
const J = '/add-authenticator';
const ALEX = { id: 'demo-0001', email: 'alex.morgan@nhs.net', niNumber: 'AB 12 34 56 C' };
const CLIENT_IP = '203.0.113.77';
const METRICS_TOKEN = randomBytes(32).toString('base64url');

let scratch: string;
let redis: RedisProcess;
let smtp: SmtpCapture;
let siteverify: SiteverifyServer;
let service: ProductionService;
let moduleLog: string;

beforeAll(async () => {
  // A build made now, unless dist/ is newer than everything it is built from.
  buildIfStale();
  scratch = mkdtempSync(join(tmpdir(), 'aa-smoke-'));
  [redis, smtp, siteverify] = await Promise.all([startRedis(), startSmtpCapture(), startSiteverifyServer()]);

  // In production the directory is loaded by the Registration Authority's import, not by the service.
  const admin = new Redis(redis.url);
  await createRedisProfileDirectory(admin).importProfiles(demoProfiles);
  admin.disconnect();

  moduleLog = join(scratch, 'modules.log');
  const hook = pathToFileURL(join(ROOT, 'tooling/support/module-log-hook.mjs')).href;
  service = await startProductionService({
    redisUrl: redis.url,
    smtpUrl: smtp.url,
    siteverifyUrl: siteverify.url,
    logLevel: 'warn',
    nodeArgs: ['--import', hook],
    env: { MODULE_LOG_FILE: moduleLog, METRICS_TOKEN },
  });
});

afterAll(async () => {
  await service?.stop();
  await Promise.all([redis?.stop(), smtp?.stop(), siteverify?.stop()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A browser at the public https address, whose requests reach the listener through a proxy that
 *  appends the client's address to X-Forwarded-For (TLS ends at the proxy). */
function browser() {
  return new HttpClient(`https://localhost:${service.port}`, async (req) => {
    const target = new URL(req.url);
    target.protocol = 'http:';
    target.host = `127.0.0.1:${service.port}`;
    const headers = new Headers(req.headers);
    headers.set('x-forwarded-for', `198.18.0.1, ${CLIENT_IP}`);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
    return fetch(target, { method: req.method, headers, body, redirect: 'manual' });
  });
}

const viewOf = (b: HttpClient) => b.view();

describe('node dist/main.js with NODE_ENV=production', () => {
  it('answers /readyz and serves the browser assets from a working directory outside the project', async () => {
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const asset of [
      '/assets/nhsuk/nhsuk-frontend.min.css',
      '/assets/app/init.js',
      '/assets/simplewebauthn/index.js',
    ]) {
      expect((await fetch(`${base}${asset}`)).status, asset).toBe(200);
    }
    expect((await fetch(`${base}/dev/mail`)).status).toBe(404);
    // Asked at 127.0.0.1 while PUBLIC_URL says localhost: development would redirect; production answers.
    const start = await fetch(`${base}${J}/start`, { redirect: 'manual' });
    expect([start.status, start.headers.get('location')]).toEqual([200, null]);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
  });

  it('runs a whole authenticator app journey, then sends NHS.net Connect to the separate provider', async () => {
    const b = browser();
    await b.get(`${J}/start`);
    await b.post(`${J}/start`, {});
    expect(viewOf(b)).toBe('enter-details');
    expect(b.last?.html).toContain('class="h-captcha"');
    const since = smtp.messages.length;
    await b.post(`${J}/enter-details`, {
      email: ALEX.email,
      niNumber: ALEX.niNumber,
      'h-captcha-response': 'token-from-the-widget',
    });
    expect(viewOf(b)).toBe('enter-email-code');
    // The CAPTCHA was checked with the provider, for the client address the proxy saw.
    expect(siteverify.requests.at(-1)?.form).toMatchObject({
      response: 'token-from-the-widget',
      remoteip: CLIENT_IP,
    });

    const mail = await smtp.waitFor(
      (m) =>
        smtp.messages.indexOf(m) >= since && m.subject === EMAIL_CODE_SUBJECT && m.to.includes(ALEX.email),
      10_000,
    );
    await b.post(`${J}/enter-email-code`, { code: /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '' });
    expect(viewOf(b)).toBe('choose-authenticator');
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
    await b.post(`${J}/create-password`, {
      password: 'violet tractor umbrella 42',
      confirmPassword: 'violet tractor umbrella 42',
    });
    expect(viewOf(b)).toBe('scan-qr');
    const key = /<code id="authenticator-key">([^<]+)<\/code>/
      .exec(b.last?.html ?? '')?.[1]
      ?.replace(/ /g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await b.post(`${J}/scan-qr`, {});
    const totp = new TOTP({
      secret: Secret.fromBase32(key as string),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    await b.post(`${J}/enter-app-code`, { code: totp.generate() });
    expect(viewOf(b)).toBe('app-added');
    const admin = new Redis(redis.url);
    try {
      const profile = await createRedisProfileDirectory(admin).get(ALEX.id);
      expect(profile?.authenticators.map((a) => a.type)).toEqual(['app']);
    } finally {
      admin.disconnect();
    }

    await b.post(`${J}/app-added/add-another`, {});
    await b.post(`${J}/choose-authenticator`, { method: 'nhsnet' });
    await b.post(`${J}/nhsnet-instructions`, { soleAccess: 'yes' });
    const authorization = new URL(b.last?.url ?? '');
    expect(authorization.origin).toBe(new URL(service.nhsnetIssuer).origin);
    const status = await new Promise<number>((done, fail) => {
      request(authorization, { ca: readFileSync(service.certFile) }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .on('error', fail)
        .end();
    });
    expect([200, 302, 303]).toContain(status);
  });

  it('loaded no tsx, no TypeScript, no development module and no development dependency', async () => {
    const cmdline = readFileSync(`/proc/${service.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.some((arg) => arg.includes('tsx'))).toBe(false);
    expect(cmdline).toContain(join(ROOT, 'dist/main.js'));
    // With the flags of `npm start` (package.json), as production runs it.
    expect(cmdline).toEqual(expect.arrayContaining(productionNodeFlags()));
    const environ = readFileSync(`/proc/${service.pid}/environ`, 'utf8');
    expect(environ).not.toMatch(/NODE_OPTIONS=[^\0]*tsx/);

    // The module list is complete once the process has exited.
    process.kill(service.pid, 'SIGTERM');
    expect(await service.exited).toBe(0);
    const files = readFileSync(moduleLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(4))
      .filter((entry) => !entry.startsWith('node:'))
      .map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry))
      .filter((file) => !file.includes('/tooling/support/module-log-'));

    // The record works: both the service's own modules and packages of both kinds are in it.
    expect(files).toContain(join(ROOT, 'dist/main.js'));
    expect(files).toContain(join(ROOT, 'dist/wiring.js'));
    expect(files.some((f) => f.includes('/node_modules/hono/'))).toBe(true);
    expect(files.some((f) => f.includes('/node_modules/ioredis/'))).toBe(true);

    // The service's own code: dist/, and the JavaScript of its local packages (packages/, reached
    // through node_modules links, which the record shows by their real path).
    const own = files.filter((f) => !f.includes('/node_modules/'));
    expect(
      own.filter((f) => !f.startsWith(join(ROOT, 'dist/')) && !f.startsWith(join(ROOT, 'packages/'))),
    ).toEqual([]);
    expect(own).toContain(join(ROOT, 'packages/jsx-html/index.js'));
    expect(own.filter((f) => f.startsWith(join(ROOT, 'dist/dev/')))).toEqual([]);
    expect(files.filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([]);

    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
    };
    const packageOf = (file: string) => {
      const rel = file.slice(ROOT.length + 1);
      const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/.exec(rel);
      return match?.[1]?.slice(0, -1) ?? null;
    };
    // `debug` (under ioredis) tries require('supports-color') inside a try/catch: present only in a
    // development install, and harmless when absent, as after `npm ci --omit=dev`.
    const optional = new Set(['node_modules/supports-color', 'node_modules/has-flag']);
    const devLoaded = [
      ...new Set(
        files
          .map(packageOf)
          .filter(
            (p): p is string =>
              p !== null &&
              (lock.packages[p]?.dev === true || lock.packages[p]?.devOptional === true) &&
              !optional.has(p),
          ),
      ),
    ];
    expect(devLoaded).toEqual([]);
    for (const name of ['tsx', 'esbuild', 'oidc-provider', 'smtp-server', '@xstate/graph'])
      expect(
        files.some((f) => f.includes(`/node_modules/${name}/`)),
        name,
      ).toBe(false);
  });
});
