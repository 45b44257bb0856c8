/** The confirmation pages: one page (src/views/pages/authenticator-added.tsx) with each method's words. */
import { addedPage } from '../views/pages/authenticator-added.js';
import { addAnotherForm, finishForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export function addedScreen<V extends 'app-added' | 'nhsnet-added' | 'passkey-added'>(
  view: V,
  heading: string,
  body: string,
) {
  return staticScreen(view, (props) => addedPage(props, view, heading, body), {
    forms: { 'add-another': addAnotherForm, finish: finishForm },
    // The journey ends 5 minutes after the last activity here (LIMITS.idleAfterAddedMs), long before the
    // 30-minute warning could show.
    timeoutWarning: false,
  });
}
