import { Button, Form, Panel } from '../components/index.js';
import type { PageProps, PageView } from '../types.js';
import { AAL2_SERVICES_URL, journeyAction } from './shared.js';

/** The confirmation page every method ends on; each method's screen gives its own words. */
export function addedPage(
  props: PageProps,
  view: 'app-added' | 'nhsnet-added' | 'passkey-added',
  heading: string,
  body: string,
): PageView {
  return {
    title: heading,
    content: (
      <>
        <Panel heading={heading}>{body}</Panel>
        <p>
          We have sent an email to your address to confirm that an authenticator was added to your profile.
        </p>
        <h2 class="nhsuk-heading-m">Using your authenticator</h2>
        <p>
          You can now use your authenticator to log in to services that accept a self-registered
          authenticator. These are called AAL2-enabled services.
        </p>
        <p>
          <a href={AAL2_SERVICES_URL}>See the list of AAL2-enabled services</a>
        </p>
        <p>
          If you did not add this authenticator,{' '}
          <a href={props.page.site.findRaUrl}>contact your Registration Authority</a>.
        </p>
        <h2 class="nhsuk-heading-m">If you have finished</h2>
        <p>
          Select "Finish" so that nobody else using this computer can add an authenticator to your profile. If
          you do nothing, this page closes by itself after 5 minutes.
        </p>
        <Form action={journeyAction(`${view}/finish`)} csrfToken={props.page.csrfToken}>
          <Button text="Finish" preventDoubleClick />
        </Form>
        <Form action={journeyAction(`${view}/add-another`)} csrfToken={props.page.csrfToken}>
          <Button text="Add another authenticator" variant="secondary" preventDoubleClick />
        </Form>
      </>
    ),
  };
}
