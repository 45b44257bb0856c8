import { headedPage } from '../views/pages/shared.js';
import { SOLE_ACCESS_FIELD, SoleAccessForm, type SoleAccessPageProps } from '../views/pages/sole-access.js';
import type { PageView } from '../views/types.js';
import { soleAccessForm } from './common-forms.js';
import { fieldErrors, pageScreen } from './screen.js';

export function appInstructionsPage(props: SoleAccessPageProps): PageView {
  return headedPage(
    'Set up an authenticator app',
    props.errors,
    <>
      <p>
        You need an authenticator app on your phone or tablet, such as Microsoft Authenticator or Google
        Authenticator. If you do not have one, install it from your device's app store before you continue.
      </p>
      <p>
        When you log in to a service with your authenticator app, you will need a password and a code from the
        app. You will create the password on the next page.
      </p>
      <SoleAccessForm view="app-instructions" page={props} {...SOLE_ACCESS} />
    </>,
  );
}

/** The hint and the box of the form. */
const SOLE_ACCESS = {
  hint: 'Do not add an authenticator app that someone else can use.',
  label: 'Only I have access to this authenticator app',
};

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
