// Starts the nhsuk-frontend components (error summary focus, password input toggle, buttons...), and
// again, with the page's own scripts, each time htmx swaps in the next page's container.
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js';
import { afterSwap, fallBackToFullPage } from './page-swap.js';

initAll();

document.addEventListener('htmx:afterSettle', (event) => {
  if (event.target instanceof HTMLElement && event.target.id === 'page-container') {
    afterSwap(event.target, (scope) => initAll({ scope }));
  }
});
// The service could not be reached: the browser does what it would do without JavaScript.
document.addEventListener('htmx:sendError', (event) => fallBackToFullPage(event.target, event.detail));
