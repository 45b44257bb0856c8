/**
 * Where the browser finds static files. The HTTP layer serves each prefix from the
 * directory next to it (see ASSET_DIRECTORIES); views only ever use the URLs below.
 */

export const NHSUK_PREFIX = '/assets/nhsuk';
export const APP_PREFIX = '/assets/app';
export const SIMPLEWEBAUTHN_PREFIX = '/assets/simplewebauthn';

/** URL prefix → directory (relative to the project root) the HTTP layer serves it from. */
export const ASSET_DIRECTORIES: ReadonlyArray<{ urlPrefix: string; directory: string }> = [
  { urlPrefix: `${NHSUK_PREFIX}/`, directory: 'node_modules/nhsuk-frontend/dist/nhsuk/' },
  { urlPrefix: `${APP_PREFIX}/`, directory: 'src/views/client/' },
  // @simplewebauthn/browser 14 ships its ES module build as several files with relative imports.
  { urlPrefix: `${SIMPLEWEBAUTHN_PREFIX}/`, directory: 'node_modules/@simplewebauthn/browser/esm/' },
];

export const assetUrls = {
  nhsukCss: `${NHSUK_PREFIX}/nhsuk-frontend.min.css`,
  nhsukJs: `${NHSUK_PREFIX}/nhsuk-frontend.min.js`,
  nhsukImages: `${NHSUK_PREFIX}/assets/images`,
  nhsukManifest: `${NHSUK_PREFIX}/assets/manifest.json`,
  simpleWebAuthn: `${SIMPLEWEBAUTHN_PREFIX}/index.js`,
  initJs: `${APP_PREFIX}/init.js`,
  timeoutWarningJs: `${APP_PREFIX}/timeout-warning.js`,
  passkeyDetectJs: `${APP_PREFIX}/passkey-detect.js`,
  passkeyRegisterJs: `${APP_PREFIX}/passkey-register.js`,
} as const;
