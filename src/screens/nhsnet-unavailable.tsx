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
        <p>Try again in a few minutes, or go back and choose a different type of authenticator.</p>
        <Form action={journeyAction('nhsnet-unavailable')} csrfToken={props.page.csrfToken}>
          <Button text="Try again" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const nhsnetUnavailableScreen = staticScreen('nhsnet-unavailable', nhsnetUnavailablePage, {
  forms: { '': retryForm },
  sample: { props: {}, backLink: true },
});
