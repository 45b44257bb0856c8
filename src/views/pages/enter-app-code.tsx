import { Button, Form, Input } from '../components/index.js';
import type { FormPageProps, PageView } from '../types.js';
import { errorFor, journeyAction, PageErrorSummary } from './shared.js';

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
