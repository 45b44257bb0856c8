import { Button, Form, InsetText } from '../views/components/index.js';
import { AAL2_SERVICES_URL, journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { cimSessionForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export type StartProps = PageProps;

export function startPage(props: StartProps): PageView {
  const title = 'Add an authenticator to your Care Identity profile';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>
          Add an authenticator app, NHS.net Connect account or passkey to your Care Identity profile. You can
          then use it to log in to <a href={AAL2_SERVICES_URL}>AAL2-enabled services</a>.
        </p>
        <h2 class="nhsuk-heading-m">What you need</h2>
        <p>You need:</p>
        <ul>
          <li>your National Insurance number, which must be on your Care Identity profile</li>
          <li>access to the email address on your Care Identity profile</li>
          <li>your phone or tablet, if you are adding an authenticator app or a passkey</li>
        </ul>
        <h2 class="nhsuk-heading-m">How it works</h2>
        <ol>
          <li>Enter your email address and National Insurance number.</li>
          <li>Enter the code we send to your email address.</li>
          <li>Choose the type of authenticator you want to add and follow the steps to set it up.</li>
        </ol>
        <InsetText text="You must be logged out of Care Identity Management before you start." />
        <Form action={journeyAction('start')} csrfToken={props.page.csrfToken}>
          <Button text="Start now" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const startScreen = staticScreen('start', startPage, {
  forms: { '': cimSessionForm('START_SELECTED') },
});
