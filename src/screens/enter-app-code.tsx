import { Button, Form, Input } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { fieldErrors, form, pageScreen } from './screen.js';

export type EnterAppCodeProps = FormPageProps;

export const APP_CODE_FIELD = 'code';

export function enterAppCodePage(props: EnterAppCodeProps): PageView {
  const { errors } = props;
  const title = 'Enter the code from your authenticator app';
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <Form action={journeyAction('enter-app-code')} csrfToken={props.page.csrfToken}>
          <Input
            id={APP_CODE_FIELD}
            name="code"
            label={{ text: title, size: 'l', isPageHeading: true }}
            hint="The code is 6 numbers. Your app shows a new code every 30 seconds."
            errorMessage={errorFor(errors, APP_CODE_FIELD)}
            code
            width={10}
            autocomplete="one-time-code"
            inputmode="numeric"
            spellcheck={false}
          />
          <Button text="Submit" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

const MESSAGES = {
  required: 'Enter the code from your authenticator app',
  format: 'The code must be 6 numbers',
  appCodeWrong: 'The code is not correct. Enter the code your authenticator app shows now',
  appCodeDrift:
    'The code is not correct. Check the date and time on your phone are set automatically, then enter the new code',
  appCodeReplayed: 'That code has already been used. Wait for your authenticator app to show a new code',
};

export const enterAppCodeScreen = pageScreen({
  view: 'enter-app-code',
  forms: {
    '': form({
      required: ['code'],
      events: ['APP_CODE_SUBMITTED'],
      toEvent: (f) => ({ type: 'APP_CODE_SUBMITTED', code: f.code }),
      toFields: (e) => ({ code: e.code }),
    }),
  },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, { code: { id: APP_CODE_FIELD, messages: MESSAGES } }),
  }),
  page: enterAppCodePage,
  sample: { props: {}, backLink: true, errors: [{ field: APP_CODE_FIELD, message: 'Enter the code' }] },
});
