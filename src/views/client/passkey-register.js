// Runs the WebAuthn registration ceremony, then posts the result (or the error's name) to
// the journey and shows the page the server sends back.
import { browserSupportsWebAuthn, startRegistration } from '/assets/simplewebauthn/index.js';
import { postAndFollow } from './post-and-follow.js';

async function ceremony(options) {
  if (!browserSupportsWebAuthn()) return { errorName: 'NotSupportedError' };
  try {
    const optionsJSON = JSON.parse(options?.textContent ?? '');
    const response = await startRegistration({ optionsJSON });
    return { response: JSON.stringify(response) };
  } catch (error) {
    return { errorName: error instanceof Error && error.name ? error.name : 'UnknownError' };
  }
}

async function createPasskey(button, form) {
  const status = document.getElementById('passkey-register-status');
  const say = (message) => {
    if (status) status.textContent = message;
  };
  button.disabled = true;
  button.setAttribute('aria-disabled', 'true');
  say('Follow the instructions in the window that opens.');
  const result = await ceremony(document.getElementById('passkey-options'));
  say(result.response ? 'Saving your passkey…' : 'Your passkey was not created.');
  const sent = await postAndFollow(form, result);
  if (!sent) {
    say('Sorry, we could not reach the service. Check your connection and try again.');
    button.disabled = false;
    button.removeAttribute('aria-disabled');
    button.focus();
  }
}

/** Wires the page's "Create a passkey" button once (again for the page htmx swapped in). */
export function start() {
  const button = document.getElementById('create-passkey');
  const form = document.getElementById('passkey-register-form');
  if (!(button instanceof HTMLButtonElement && form instanceof HTMLFormElement)) return;
  if (button.dataset.started) return;
  button.dataset.started = 'true';
  button.addEventListener('click', () => createPasskey(button, form));
}

start();
