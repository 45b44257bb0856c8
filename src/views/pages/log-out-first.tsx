import { Button, Form } from '../components/index.js';
import type { PageProps, PageView } from '../types.js';
import { journeyAction } from './shared.js';

export type LogOutFirstProps = PageProps;

export function logOutFirstPage(props: LogOutFirstProps): PageView {
  const title = 'You must be logged out of Care Identity Management';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>This service does not work while you are logged in to Care Identity Management in this browser.</p>
        <ol>
          <li>Log out of Care Identity Management.</li>
          <li>Close any Care Identity Management tabs or windows.</li>
          <li>Come back to this page and select "I have logged out, continue".</li>
        </ol>
        <Form action={journeyAction('log-out-first')} csrfToken={props.page.csrfToken}>
          <Button text="I have logged out, continue" preventDoubleClick />
        </Form>
      </>
    ),
  };
}
