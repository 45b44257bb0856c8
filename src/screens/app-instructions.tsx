import { Button, Checkboxes, Form } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { soleAccessForm } from './common-forms.js';
import { fieldErrors, pageScreen } from './screen.js';

export interface AppInstructionsProps extends FormPageProps {
  values?: { soleAccess?: boolean };
}

export const SOLE_ACCESS_FIELD = 'soleAccess';

export function appInstructionsPage(props: AppInstructionsProps): PageView {
  const { errors } = props;
  const title = 'Set up an authenticator app';
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
        <p>
          You need an authenticator app on your phone or tablet, such as Microsoft Authenticator or Google
          Authenticator. If you do not have one, install it from your device's app store before you continue.
        </p>
        <p>
          When you log in to a service with your authenticator app, you will need a password and a code from
          the app. You will create the password on the next page.
        </p>
        <Form action={journeyAction('app-instructions')} csrfToken={props.page.csrfToken}>
          <Checkboxes
            name="soleAccess"
            idPrefix={SOLE_ACCESS_FIELD}
            fieldset={{ legend: { text: 'Confirm your access', size: 'm' } }}
            hint="Do not add an authenticator app that someone else can use."
            errorMessage={errorFor(errors, SOLE_ACCESS_FIELD)}
            values={props.values?.soleAccess ? ['yes'] : []}
            items={[{ value: 'yes', text: 'Only I have access to this authenticator app' }]}
          />
          <Button text="Continue" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

const SOLE_ACCESS_REQUIRED = 'Confirm that only you have access to this authenticator app';

export const appInstructionsScreen = pageScreen({
  view: 'app-instructions',
  forms: { '': soleAccessForm },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, {
      soleAccess: { id: SOLE_ACCESS_FIELD, messages: { required: SOLE_ACCESS_REQUIRED } },
    }),
  }),
  page: appInstructionsPage,
  sample: {
    props: {},
    backLink: true,
    errors: [{ field: SOLE_ACCESS_FIELD, message: SOLE_ACCESS_REQUIRED }],
  },
});
