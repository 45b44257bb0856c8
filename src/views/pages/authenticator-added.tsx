import { Button, Form, Panel } from '../components/index.js';
import type { PageProps, PageView } from '../types.js';
import { AAL2_SERVICES_URL, FIND_RA_URL, journeyAction } from './shared.js';

export type AuthenticatorAddedProps = PageProps;

function addedPage(
  props: AuthenticatorAddedProps,
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
          If you did not add this authenticator, <a href={FIND_RA_URL}>contact your Registration Authority</a>
          .
        </p>
        <Form action={journeyAction(`${view}/add-another`)} csrfToken={props.page.csrfToken}>
          <Button text="Add another authenticator" variant="secondary" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export function appAddedPage(props: AuthenticatorAddedProps): PageView {
  return addedPage(
    props,
    'app-added',
    'Authenticator app added',
    'Your authenticator app has been added to your Care Identity profile.',
  );
}

export function nhsnetAddedPage(props: AuthenticatorAddedProps): PageView {
  return addedPage(
    props,
    'nhsnet-added',
    'NHS.net Connect account added',
    'Your NHS.net Connect account has been added to your Care Identity profile.',
  );
}

export function passkeyAddedPage(props: AuthenticatorAddedProps): PageView {
  return addedPage(
    props,
    'passkey-added',
    'Passkey added',
    'Your passkey has been added to your Care Identity profile.',
  );
}
