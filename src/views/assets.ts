/**
 * Where the browser finds static files. The HTTP layer serves each prefix from the
 * directory next to it (see ASSET_DIRECTORIES); views only ever use the URLs below.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NHSUK_PREFIX = '/assets/nhsuk';
export const APP_PREFIX = '/assets/app';
export const SIMPLEWEBAUTHN_PREFIX = '/assets/simplewebauthn';

/** The root directory of an installed package, found the way Node finds it from this module (so from
 *  any working directory, and wherever the package manager put it). */
function packageDirectory(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`the ${name} package has no package.json above its entry point`);
    dir = parent;
  }
}

/** URL prefix → absolute directory the HTTP layer serves it from. */
export const ASSET_DIRECTORIES: ReadonlyArray<{ urlPrefix: string; directory: string }> = [
  { urlPrefix: `${NHSUK_PREFIX}/`, directory: join(packageDirectory('nhsuk-frontend'), 'dist/nhsuk/') },
  // Next to this module: src/views/client in development, dist/views/client in a build.
  { urlPrefix: `${APP_PREFIX}/`, directory: fileURLToPath(new URL('./client/', import.meta.url)) },
  // @simplewebauthn/browser 14 ships its ES module build as several files with relative imports.
  {
    urlPrefix: `${SIMPLEWEBAUTHN_PREFIX}/`,
    directory: join(packageDirectory('@simplewebauthn/browser'), 'esm/'),
  },
];

export const assetUrls = {
  nhsukCss: `${NHSUK_PREFIX}/nhsuk-frontend.min.css`,
  nhsukJs: `${NHSUK_PREFIX}/nhsuk-frontend.min.js`,
  nhsukImages: `${NHSUK_PREFIX}/assets/images`,
  nhsukManifest: `${NHSUK_PREFIX}/assets/manifest.json`,
  simpleWebAuthn: `${SIMPLEWEBAUTHN_PREFIX}/index.js`,
  appCss: `${APP_PREFIX}/app.css`,
  initJs: `${APP_PREFIX}/init.js`,
  timeoutWarningJs: `${APP_PREFIX}/timeout-warning.js`,
  passkeyDetectJs: `${APP_PREFIX}/passkey-detect.js`,
  passkeyRegisterJs: `${APP_PREFIX}/passkey-register.js`,
} as const;
