// Runs the WebAuthn registration ceremony, then posts the result (or the error's name) to
// the journey and shows the page the server sends back.
import { browserSupportsWebAuthn, startRegistration } from '/assets/simplewebauthn/index.js';
import { postAndFollow } from './post-and-follow.js';

const button = document.getElementById('create-passkey');
const form = document.getElementById('passkey-register-form');
const status = document.getElementById('passkey-register-status');
const options = document.getElementById('passkey-options');

function say(message) {
  if (status) status.textContent = message;
}

async function ceremony() {
  if (!browserSupportsWebAuthn()) return { errorName: 'NotSupportedError' };
  try {
    const optionsJSON = JSON.parse(options?.textContent ?? '');
    const response = await startRegistration({ optionsJSON });
    return { response: JSON.stringify(response) };
  } catch (error) {
    return { errorName: error instanceof Error && error.name ? error.name : 'UnknownError' };
  }
}

async function createPasskey() {
  button.disabled = true;
  button.setAttribute('aria-disabled', 'true');
  say('Follow the instructions in the window that opens.');
  const result = await ceremony();
  say(result.response ? 'Saving your passkey…' : 'Your passkey was not created.');
  const sent = await postAndFollow(form, result);
  if (!sent) {
    say('Sorry, we could not reach the service. Check your connection and try again.');
    button.disabled = false;
    button.removeAttribute('aria-disabled');
    button.focus();
  }
}

if (button instanceof HTMLButtonElement && form instanceof HTMLFormElement) {
  button.addEventListener('click', createPasskey);
}
