import { Button, Form } from '../components/index.js';
import type { PageProps, PageView } from '../types.js';
import { journeyAction } from './shared.js';

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
