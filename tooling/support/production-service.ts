/**
 * The service as it runs in production, for the benchmark, the profiler and the production smoke test: `node dist/main.js` with
 * NODE_ENV=production, real secrets, an https PUBLIC_URL behind one proxy hop (TRUST_PROXY_HOPS=1),
 * a real Redis, the SMTP capture, an hCaptcha siteverify stand-in, and the NHS.net Connect provider
 * in a process of its own over https. Nothing of development (oidc-provider, tsx) is loaded into the
 * measured process. Requests reach the listener over plain http on loopback, as from a proxy that ends
 * TLS: they carry X-Forwarded-For, and the browser's Origin is the https public address.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './redis-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const J = '/add-authenticator';

export interface ProductionService {
  /** Where requests go: http://127.0.0.1:PORT (the proxy's side of TLS). */
  url: string;
  /** The service's PUBLIC_URL: https://localhost:PORT (the browser's side). */
  publicUrl: string;
  /** The Origin a browser on the public address sends. */
  origin: string;
  cookieName: string;
  port: number;
  pid: number;
  /** The provider's issuer, and the file of the certificate its https address is served with. */
  nhsnetIssuer: string;
  certFile: string;
  /** The service's exit code, once it has exited. */
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

async function startProcess(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
  ready: (output: string) => boolean | Promise<boolean>,
): Promise<Started> {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + 60_000;
  while (!(await ready(output))) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited, output: () => output };
}

async function stopProcess(p: Started | undefined) {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}

/** Node's flags of `npm start` (package.json, "node [flags] dist/main.js"): the service is started here
 *  with the flags it runs with in production. */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js')
    throw new Error(`npm start is not "node [flags] dist/main.js": ${pkg.scripts.start}`);
  return words.slice(1, -1);
}

const secretKey = () => randomBytes(32).toString('base64');

export async function startProductionService(opts: {
  redisUrl: string;
  smtpUrl: string;
  siteverifyUrl: string;
  logLevel?: string;
  /** Node's flags before the script, after npm start's own. */
  nodeArgs?: string[];
  /** More settings, or other values for those set here. */
  env?: Record<string, string>;
  /** The built entry to run (dist/main.js unless said): another build, to measure two side by side. */
  main?: string;
}): Promise<ProductionService> {
  const scratch = await mkdtemp(join(tmpdir(), 'aa-production-'));
  const port = await freePort();
  const publicUrl = `https://localhost:${port}`;
  let provider: Started | undefined;
  let service: Started | undefined;
  let issuer = '';
  try {
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
        ],
        ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
        ...['-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    const clientSecret = randomBytes(24).toString('base64url');
    provider = await startProcess(
      ['--import', 'tsx', 'tooling/support/nhsnet-provider-process.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TLS_KEY_FILE: join(scratch, 'key.pem'),
          TLS_CERT_FILE: join(scratch, 'cert.pem'),
          CLIENT_ID: 'add-authenticator',
          CLIENT_SECRET: clientSecret,
          REDIRECT_URI: `${publicUrl}${J}/nhsnet-callback`,
        },
      },
      (output) => output.includes('"issuer"'),
    );
    const line = provider
      .output()
      .split('\n')
      .find((l) => l.startsWith('{"issuer"')) as string;
    issuer = (JSON.parse(line) as { issuer: string }).issuer;

    service = await startProcess(
      [...productionNodeFlags(), ...(opts.nodeArgs ?? []), opts.main ?? join(ROOT, 'dist/main.js')],
      {
        cwd: scratch,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          NODE_EXTRA_CA_CERTS: join(scratch, 'cert.pem'),
          HOST: '127.0.0.1',
          PORT: String(port),
          PUBLIC_URL: publicUrl,
          TRUST_PROXY_HOPS: '1',
          LOG_LEVEL: opts.logLevel ?? 'info',
          COOKIE_SECRET: secretKey(),
          EMAIL_CODE_KEY: secretKey(),
          RATE_LIMIT_KEY: secretKey(),
          TOTP_ENCRYPTION_KEY: secretKey(),
          JOURNEY_DATA_KEY: `production:${secretKey()}`,
          METRICS_TOKEN: randomBytes(32).toString('base64url'),
          REDIS_URL: opts.redisUrl,
          SMTP_URL: opts.smtpUrl,
          CAPTCHA_PROVIDER: 'hcaptcha',
          CAPTCHA_SITE_KEY: '10000000-ffff-ffff-ffff-000000000001',
          CAPTCHA_SECRET: secretKey(),
          CAPTCHA_VERIFY_URL: opts.siteverifyUrl,
          NHSNET_ISSUER: issuer,
          NHSNET_CLIENT_ID: 'add-authenticator',
          NHSNET_CLIENT_SECRET: clientSecret,
          NHSNET_ALLOWED_TENANTS: 'nhs-demo-tenant',
          SHUTDOWN_DELAY_MS: '0',
          ...opts.env,
        },
      },
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          return false;
        }
      },
    );
  } catch (err) {
    await stopProcess(service);
    await stopProcess(provider);
    await rm(scratch, { recursive: true, force: true });
    throw err;
  }
  const running = service;
  return {
    url: `http://127.0.0.1:${port}`,
    publicUrl,
    origin: publicUrl,
    cookieName: '__Host-aa-journey',
    port,
    pid: running.child.pid as number,
    nhsnetIssuer: issuer,
    certFile: join(scratch, 'cert.pem'),
    exited: running.exited,
    output: running.output,
    async stop() {
      await stopProcess(running);
      await stopProcess(provider);
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** `npm run build` unless dist/ is newer than everything it is built from. */
export function buildIfStale() {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}
