/**
 * The service as it runs in production: `tsx src/main.ts` in its own process, configured only by its
 * environment, on a free loopback port. Used by the load tests and the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './redis-server.js';

export interface ServiceProcess {
  port: number;
  url: string;
  pid: number;
  /** What the process wrote to stderr (and stdout, when kept), for failure messages. */
  output(): string;
  /** Sends a signal; resolves at once (use `exited` to wait). */
  signal(name: NodeJS.Signals): void;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function spawnService(
  env: Record<string, string>,
  /** script: the entry point to run, relative to the project (src/main.ts unless given); it must
   *  answer GET /healthz once ready. */
  opts: { keepStdout?: boolean; script?: string; nodeArgs?: string[] } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script ?? 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
      },
      // An unread stdout pipe would fill and stall the service, so it is dropped unless asked for.
      stdio: ['ignore', opts.keepStdout ? 'pipe' : 'ignore', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    port,
    url,
    pid: child.pid as number,
    output: () => output,
    signal: (name) => {
      child.kill(name);
    },
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
