/** Logging in at NHS.net Connect: the browser goes to the provider's authorization address. */
import { redirectScreen } from './screen.js';

export const nhsnetRedirectScreen = redirectScreen({
  view: 'nhsnet-redirect',
  // The provider sends the browser back to GET /nhsnet-callback: a route of its own, not a form.
  forms: {},
  redirect: (snapshot) => snapshot.context.nhsnet.login?.authorizationUrl,
});
