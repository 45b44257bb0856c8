/**
 * Starts a throw-away redis-server on a free loopback port for tests. Never touches the machine's
 * own Redis on 6379: every instance has its own port and its own temporary data directory.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisProcess {
  port: number;
  url: string;
  /** Graceful stop (SIGTERM); the temporary directory is removed if the helper created it. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), as a crash would; the data directory is kept so restart() can reload it. */
  kill(): Promise<void>;
  /** Stops the server if it runs, then starts it again on the same port with the same directory. */
  restart(): Promise<void>;
}

export interface StartRedisOptions {
  appendOnly?: boolean;
  /** Data directory; a fresh temporary one when omitted. */
  dir?: string;
}

/** A port that was free a moment ago: the kernel picks it when we listen on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a loopback listener'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

function redisServerPath(): string {
  try {
    const path = execFileSync('which', ['redis-server'], { encoding: 'utf8' }).trim();
    if (path !== '') return path;
  } catch {
    // `which` exits non-zero when the binary is missing; handled below.
  }
  throw new Error('redis-server was not found on PATH. Install it with: apt-get install redis-server');
}

/** Sends PING over a raw socket and resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisProcess> {
  const binary = redisServerPath();
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'redis-test-')));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let stderr = '';

  const launch = async (): Promise<void> => {
    stderr = '';
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      opts.appendOnly ? 'yes' : 'no',
      '--dir',
      dir,
      '--protected-mode',
      'yes',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`redis-server exited during start-up on port ${port}: ${stderr.trim()}`);
      }
      if (await ping(port)) return;
      await sleep(25);
    }
    started.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port} within 10 s: ${stderr.trim()}`);
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    child = null;
    if (current === null) return;
    const gone = exited(current);
    current.kill(signal);
    await gone;
  };

  await launch();

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await terminate('SIGTERM');
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      await terminate('SIGKILL');
    },
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
  };
}
