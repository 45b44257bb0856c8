/**
 * The development stand-ins (demo profiles, mail outbox, image test, embedded NHS.net Connect provider),
 * each imported only when the configuration asks for it. A production process never loads them: their
 * packages (oidc-provider) are development dependencies, and the provider's async hooks would tax every
 * promise in the process.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from './config.js';
import type { DevCaptcha } from './dev/dev-captcha.js';
import type { DevNhsnetProvider } from './dev/nhsnet-provider/index.js';
import type { DevOutbox } from './dev/outbox.js';
import type { Profile } from './services/ports.js';

export interface DevelopmentParts {
  demoProfiles: Profile[] | null;
  outbox: DevOutbox | null;
  captcha: DevCaptcha | null;
  nhsnet: { provider: DevNhsnetProvider; clientId: string; clientSecret: string } | null;
}

/** What the configuration asks for; refused outright in production, whatever the configuration says. */
function wanted(config: AppConfig) {
  const parts = {
    demoProfiles: config.demoProfiles,
    outbox: config.smtpUrl === null,
    captcha: config.captcha.provider === 'development',
    nhsnet: config.nhsnet.mode === 'embedded',
  };
  const asked = Object.entries(parts).filter(([, on]) => on);
  if (config.env === 'production' && asked.length)
    throw new Error(`development parts are never loaded in production: ${asked.map(([n]) => n).join(', ')}`);
  return parts;
}

export async function loadDevelopmentParts(config: AppConfig): Promise<DevelopmentParts> {
  const want = wanted(config);
  const parts: DevelopmentParts = { demoProfiles: null, outbox: null, captcha: null, nhsnet: null };
  if (want.demoProfiles) parts.demoProfiles = (await import('./dev/demo-profiles.js')).demoProfiles;
  if (want.outbox) parts.outbox = (await import('./dev/outbox.js')).createDevOutbox();
  if (want.captcha)
    parts.captcha = (await import('./dev/dev-captcha.js')).createDevCaptcha({ key: config.cookieSecret });
  if (want.nhsnet && config.nhsnet.mode === 'embedded') {
    const { startDevNhsnetProvider } = await import('./dev/nhsnet-provider/index.js');
    const clientId = 'add-authenticator';
    const clientSecret = randomBytes(24).toString('base64url');
    const provider = await startDevNhsnetProvider({
      port: config.nhsnet.devPort,
      clients: [
        { clientId, clientSecret, redirectUris: [`${config.origin}/add-authenticator/nhsnet-callback`] },
      ],
    });
    parts.nhsnet = { provider, clientId, clientSecret };
  }
  return parts;
}
