import { WarningCallout } from '../views/components/index.js';
import { headedPage } from '../views/pages/shared.js';
import { SOLE_ACCESS_FIELD, SoleAccessForm, type SoleAccessPageProps } from '../views/pages/sole-access.js';
import type { PageView } from '../views/types.js';
import { soleAccessForm } from './common-forms.js';
import { fieldErrors, pageScreen } from './screen.js';

export function nhsnetInstructionsPage(props: SoleAccessPageProps): PageView {
  return headedPage(
    'Add your NHS.net Connect account',
    props.errors,
    <>
      <p>NHS.net Connect is the new name for NHSmail.</p>
      <p>
        When you continue, we will take you to the NHS.net Connect login page. It may still say NHSmail. Enter
        your NHS.net Connect email address and password.
      </p>
      <WarningCallout text={'Do not select "Log in with my Care Identity" on the login page.'} />
      <SoleAccessForm view="nhsnet-instructions" page={props} {...SOLE_ACCESS} />
    </>,
  );
}

/** The hint and the box of the form. */
const SOLE_ACCESS = {
  hint: 'Do not add an account that someone else can use.',
  label: 'Only I have access to this NHS.net Connect account',
};

const MESSAGES = {
  required: 'Confirm that only you have access to this NHS.net Connect account',
  nhsnetCancelled: 'You cancelled logging in to NHS.net Connect. Confirm and continue to try again',
  nhsnetFailed: 'We could not finish logging you in to NHS.net Connect. Confirm and continue to try again',
};

export const nhsnetInstructionsScreen = pageScreen({
  view: 'nhsnet-instructions',
  forms: { '': soleAccessForm },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, { soleAccess: { id: SOLE_ACCESS_FIELD, messages: MESSAGES } }),
  }),
  page: nhsnetInstructionsPage,
  sample: {
    props: {},
    backLink: true,
    errors: [{ field: SOLE_ACCESS_FIELD, message: MESSAGES.required }],
  },
});
