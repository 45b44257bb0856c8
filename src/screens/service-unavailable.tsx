import { Button, Form } from '../views/components/index.js';
import { journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { retryForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export type ServiceUnavailableProps = PageProps;

export function serviceUnavailablePage(props: ServiceUnavailableProps): PageView {
  const title = 'Sorry, there is a problem with the service';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>Your answers have been saved. You will not need to enter them again.</p>
        <p>Try again now. If it still does not work, try again later.</p>
        <Form action={journeyAction('service-unavailable')} csrfToken={props.page.csrfToken}>
          <Button text="Try again" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const serviceUnavailableScreen = staticScreen('service-unavailable', serviceUnavailablePage, {
  forms: { '': retryForm },
  status: 503,
  // Nothing can be done until the service is back, so no countdown to the journey's end.
  timeoutWarning: false,
});
