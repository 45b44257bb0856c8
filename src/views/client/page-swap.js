// What a new page needs once htmx has swapped it in (a boosted link or form): its components and
// scripts started, and the focus where a newly loaded page puts it for a screen reader or keyboard
// user (NHS service manual, GOV.UK error summary): the error summary when there is one, else the h1.

const APP_SCRIPTS = '/assets/app/';

/** Runs start() of each script the container names (data-page-scripts; the site's own scripts only). */
async function startPageScripts(container) {
  const sources = (container.dataset.pageScripts ?? '').split(' ');
  for (const src of sources.filter((s) => s.startsWith(APP_SCRIPTS) && !s.includes('..'))) {
    try {
      const module = await import(src);
      if (typeof module.start === 'function') module.start();
    } catch {
      // A script that cannot load leaves its part of the page as it is without JavaScript.
    }
  }
}

/** The h1 takes the focus for a moment (tabindex -1 until it loses it), as a new page's title would. */
function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) {
    heading.setAttribute('tabindex', '-1');
    heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  }
  heading.focus({ preventScroll: true });
}

/**
 * @param {HTMLElement} container the new #page-container
 * @param {(scope: HTMLElement) => void} initComponents starts the nhsuk-frontend components in it
 */
export function afterSwap(container, initComponents) {
  window.scrollTo(0, 0);
  // The error summary focuses itself when its component starts.
  initComponents(container);
  if (!container.querySelector('.nhsuk-error-summary')) focusHeading(container);
  return startPageScripts(container);
}

/**
 * A boosted request that could not be sent: the same link or form, as a plain navigation.
 * @param {EventTarget | null} source the link or form
 * @param {{ requestConfig?: { triggeringEvent?: SubmitEvent } }} detail htmx's event detail
 */
export function fallBackToFullPage(source, detail) {
  if (source instanceof HTMLAnchorElement) {
    window.location.assign(source.href);
    return;
  }
  if (!(source instanceof HTMLFormElement)) return;
  // submit() sends no submit event (so htmx stays out of it) and leaves out the button pressed: add it.
  const submitter = detail.requestConfig?.triggeringEvent?.submitter;
  if (submitter instanceof HTMLButtonElement && submitter.name) {
    const field = document.createElement('input');
    field.type = 'hidden';
    field.name = submitter.name;
    field.value = submitter.value;
    source.append(field);
  }
  source.submit();
}
