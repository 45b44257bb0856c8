/** The confirmation pages: one page (src/views/pages/authenticator-added.tsx) with each method's words. */
import { addedPage } from '../views/pages/authenticator-added.js';
import { addAnotherForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export function addedScreen<V extends 'app-added' | 'nhsnet-added' | 'passkey-added'>(
  view: V,
  heading: string,
  body: string,
) {
  return staticScreen(view, (props) => addedPage(props, view, heading, body), {
    forms: { 'add-another': addAnotherForm },
  });
}
