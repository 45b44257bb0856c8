import { Button, Form } from '../views/components/index.js';
import { headedPage, journeyAction } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { cimSessionForm } from './common-forms.js';
import { fieldErrors, pageScreen } from './screen.js';

/** errors: a page-level error (field '') when the person is still logged in. */
export type LogOutFirstProps = FormPageProps;

export function logOutFirstPage(props: LogOutFirstProps): PageView {
  const title = 'You must be logged out of Care Identity Management';
  const { errors } = props;
  return headedPage(
    title,
    errors,
    <>
      <p>This service does not work while you are logged in to Care Identity Management in this browser.</p>
      <ol>
        <li>Log out of Care Identity Management.</li>
        <li>Close any Care Identity Management tabs or windows.</li>
        <li>Come back to this page and select "I have logged out, continue".</li>
      </ol>
      <Form action={journeyAction('log-out-first')} csrfToken={props.page.csrfToken}>
        <Button text="I have logged out, continue" preventDoubleClick />
      </Form>
    </>,
  );
}

export const logOutFirstScreen = pageScreen({
  view: 'log-out-first',
  forms: { '': cimSessionForm('LOGGED_OUT_CONFIRMED') },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, {
      cim: {
        id: '',
        messages: {
          cimStillLoggedIn:
            'You are still logged in to Care Identity Management. Log out, then select continue',
        },
      },
    }),
  }),
  page: logOutFirstPage,
  sample: { props: {} },
});
