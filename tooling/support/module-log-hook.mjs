/**
 * Loaded with `node --import` into a process under test: writes every module the process loads to
 * MODULE_LOG_FILE, one line each ("esm <url>" as resolved, "cjs <path>" from the CommonJS cache at exit),
 * so a test can list exactly what a production process loaded. It only observes.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.MODULE_LOG_FILE;
if (!out) throw new Error('MODULE_LOG_FILE is not set');
register('./module-log-loader.mjs', import.meta.url, { data: { out } });

const require = createRequire(import.meta.url);
process.on('exit', () => {
  appendFileSync(
    out,
    Object.keys(require.cache)
      .map((file) => `cjs ${file}\n`)
      .join(''),
  );
});
