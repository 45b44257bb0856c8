/**
 * npm run build: src → dist with tsc (one JavaScript file per module, so development modules stay
 * separate files that production never imports), then the browser scripts of src/views/client, which
 * are served as they are. `--if-stale` builds only when dist is missing or older than its inputs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const inputs = ['src', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

function newestInput(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestInput(join(path, name))));
}

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((input) => newestInput(join(root, input)) > built);
}

if (process.argv.includes('--if-stale') && !stale()) {
  process.stdout.write('dist is up to date\n');
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync(join(root, 'src/views/client'), join(dist, 'views/client'), {
  recursive: true,
  filter: (source) => !source.endsWith('.d.ts'),
});
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stdout.write('built dist/\n');
