import { Button, Form } from '../views/components/index.js';
import { journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { retryForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export type NhsnetUnavailableProps = PageProps;

export function nhsnetUnavailablePage(props: NhsnetUnavailableProps): PageView {
  const title = 'NHS.net Connect is not available at the moment';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>We could not connect to NHS.net Connect. Your answers have been saved.</p>
        <p>Try again in a few minutes, or choose a different type of authenticator.</p>
        <Form action={journeyAction('nhsnet-unavailable')} csrfToken={props.page.csrfToken}>
          <Button text="Try again" preventDoubleClick />
        </Form>
        {/* A plain link to a page behind this one (nhsnet-instructions, then the choice): showing it
            changes nothing, and the choice posted from it takes the journey back there first. */}
        <p>
          <a href={journeyAction('choose-authenticator')}>Choose a different type of authenticator</a>
        </p>
      </>
    ),
  };
}

export const nhsnetUnavailableScreen = staticScreen('nhsnet-unavailable', nhsnetUnavailablePage, {
  forms: { '': retryForm },
  sample: { props: {}, backLink: 'nhsnet-instructions' },
});
