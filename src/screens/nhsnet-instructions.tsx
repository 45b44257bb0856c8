import { Button, Checkboxes, Form, WarningCallout } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { soleAccessForm } from './common-forms.js';
import { fieldErrors, pageScreen } from './screen.js';

export interface NhsnetInstructionsProps extends FormPageProps {
  values?: { soleAccess?: boolean };
}

export const NHSNET_SOLE_ACCESS_FIELD = 'soleAccess';

export function nhsnetInstructionsPage(props: NhsnetInstructionsProps): PageView {
  const { errors } = props;
  const title = 'Add your NHS.net Connect account';
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
        <p>NHS.net Connect is the new name for NHSmail.</p>
        <p>
          When you continue, we will take you to the NHS.net Connect login page. It may still say NHSmail.
          Enter your NHS.net Connect email address and password.
        </p>
        <WarningCallout text={'Do not select "Log in with my Care Identity" on the login page.'} />
        <Form action={journeyAction('nhsnet-instructions')} csrfToken={props.page.csrfToken}>
          <Checkboxes
            name="soleAccess"
            idPrefix={NHSNET_SOLE_ACCESS_FIELD}
            fieldset={{ legend: { text: 'Confirm your access', size: 'm' } }}
            hint="Do not add an account that someone else can use."
            errorMessage={errorFor(errors, NHSNET_SOLE_ACCESS_FIELD)}
            values={props.values?.soleAccess ? ['yes'] : []}
            items={[{ value: 'yes', text: 'Only I have access to this NHS.net Connect account' }]}
          />
          <Button text="Continue" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

const MESSAGES = {
  required: 'Confirm that only you have access to this NHS.net Connect account',
  nhsnetCancelled: 'You cancelled logging in to NHS.net Connect. Confirm and continue to try again',
  nhsnetFailed: 'We could not finish logging you in to NHS.net Connect. Confirm and continue to try again',
};

export const nhsnetInstructionsScreen = pageScreen({
  view: 'nhsnet-instructions',
  forms: { '': soleAccessForm },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, { soleAccess: { id: NHSNET_SOLE_ACCESS_FIELD, messages: MESSAGES } }),
  }),
  page: nhsnetInstructionsPage,
  sample: {
    props: {},
    backLink: true,
    errors: [{ field: NHSNET_SOLE_ACCESS_FIELD, message: MESSAGES.required }],
  },
});
