// Tells the journey whether this is Windows with a user-verifying platform authenticator
// (Windows Hello), which decides the passkey instructions. Without JavaScript the page asks instead.
import { hasPlatformAuthenticator, isWindows } from './platform.js';
import { postAndFollow } from './post-and-follow.js';

async function detect(form) {
  const status = document.getElementById('passkey-detect-status');
  const platformAuthenticator = await hasPlatformAuthenticator(window.PublicKeyCredential);
  const sent = await postAndFollow(form, {
    os: isWindows(navigator) ? 'windows' : 'other',
    platformAuthenticator: platformAuthenticator ? 'true' : 'false',
  });
  if (!sent && status) {
    status.textContent = 'Sorry, we could not check your device. Reload the page to try again.';
  }
}

/** Checks the device once for the page's form (again for the form of a page htmx swapped in). */
export function start() {
  const form = document.getElementById('passkey-detect-form');
  if (!(form instanceof HTMLFormElement) || form.dataset.started) return;
  form.dataset.started = 'true';
  detect(form);
}

start();
