// Warns before the journey times out (WCAG 2.2.1) and lets the user ask for more time.
// Deadlines come from the server's clock; the page's data-now-ms lets us allow for skew.
// The absolute deadline never moves: once it is the nearer one, "Continue" is hidden.

import { extendDeadlines, readDeadlines, timeLeftText } from './deadlines.js';

const dialog = document.getElementById('timeout-warning');

function start(dialog) {
  const countdown = dialog.querySelector('[data-timeout-countdown]');
  const finalMessage = dialog.querySelector('[data-timeout-final]');
  const statusMessage = dialog.querySelector('[data-timeout-status]');
  const form = dialog.querySelector('form');
  const heading = dialog.querySelector('h2');
  const timedOutUrl = dialog.dataset.timedOutUrl;
  let deadlines = readDeadlines(dialog.dataset, Date.now());
  let timer;

  function tick() {
    const now = Date.now();
    if (now >= deadlines.endAt) {
      window.location.assign(timedOutUrl);
      return;
    }
    if (now >= deadlines.warnAt) {
      if (countdown) countdown.textContent = timeLeftText(deadlines.endAt - now);
      if (!dialog.open) open();
    }
    // Check often enough to keep the countdown right without busy timers.
    timer = window.setTimeout(
      tick,
      now >= deadlines.warnAt ? 1000 : Math.min(deadlines.warnAt - now, 60_000),
    );
  }

  function open() {
    if (form) form.hidden = deadlines.final;
    if (finalMessage) finalMessage.hidden = !deadlines.final;
    if (statusMessage) statusMessage.textContent = '';
    dialog.showModal();
    // The heading is read first; it has tabindex="-1" and no focus box (app.css).
    if (heading) heading.focus();
  }

  async function extend() {
    if (!form || deadlines.final) return;
    if (statusMessage) statusMessage.textContent = 'Asking for more time…';
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'follow',
        headers: { Accept: 'application/json' },
      });
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && type.includes('application/json')) {
        deadlines = readDeadlines(await response.json(), Date.now());
      } else if (response.ok && !response.redirected) {
        deadlines = extendDeadlines(deadlines, Date.now());
      } else {
        // The server answered with a page instead (for example the journey had already ended): show it.
        window.location.assign(response.redirected ? response.url : window.location.href);
        return;
      }
      dialog.close();
      window.clearTimeout(timer);
      tick();
    } catch {
      if (statusMessage) statusMessage.textContent = 'Sorry, we could not reach the service. Try again.';
    }
  }

  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    extend();
  });
  // Escape means "I am still here", as on GOV.UK's timeout warning.
  // When no more time can be given, Escape just closes the warning.
  dialog.addEventListener('cancel', (event) => {
    if (deadlines.final) return;
    event.preventDefault();
    extend();
  });
  tick();
}

if (dialog instanceof HTMLDialogElement && typeof dialog.showModal === 'function') {
  start(dialog);
}
