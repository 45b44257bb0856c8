import { Button, Form, PasswordInput } from '../views/components/index.js';
import { errorFor, headedPage, journeyAction } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { fieldErrors, form, pageScreen } from './screen.js';

/** Passwords are never written back into the page, so this page takes errors only. */
export type CreatePasswordProps = FormPageProps;

export const PASSWORD_FIELDS = { password: 'password', confirmPassword: 'confirmPassword' } as const;

export function createPasswordPage(props: CreatePasswordProps): PageView {
  const { errors } = props;
  const title = 'Create a password';
  return headedPage(
    title,
    errors,
    <>
      <p>You will use this password with a code from your authenticator app when you log in.</p>
      <Form action={journeyAction('create-password')} csrfToken={props.page.csrfToken}>
        <PasswordInput
          id={PASSWORD_FIELDS.password}
          name="password"
          label={{ text: 'Password', size: 's' }}
          hint="Use at least 12 characters. A good way to make a strong password is to use 3 random words."
          errorMessage={errorFor(errors, PASSWORD_FIELDS.password)}
          autocomplete="new-password"
        />
        <PasswordInput
          id={PASSWORD_FIELDS.confirmPassword}
          name="confirmPassword"
          label={{ text: 'Confirm password', size: 's' }}
          errorMessage={errorFor(errors, PASSWORD_FIELDS.confirmPassword)}
          autocomplete="new-password"
        />
        <Button text="Continue" preventDoubleClick />
      </Form>
    </>,
  );
}

const MESSAGES = {
  password: {
    passwordMissing: 'Enter a password',
    passwordTooShort: 'Password must be 12 characters or more',
    passwordTooLong: 'Password must be 128 characters or fewer',
    passwordCommon: 'This password is too common and easy to guess. Choose a different password',
    passwordContainsEmail: 'Password must not contain your email address',
    passwordContainsServiceName: 'Password must not contain the name of this service',
  },
  confirmPassword: {
    confirmationMissing: 'Confirm your password',
    confirmationMismatch: 'The passwords do not match',
  },
} as const;

export const createPasswordScreen = pageScreen({
  view: 'create-password',
  forms: {
    '': form({
      required: ['password', 'confirmPassword'],
      events: ['PASSWORD_CREATED'],
      toEvent: (f) => ({ type: 'PASSWORD_CREATED', password: f.password, confirmation: f.confirmPassword }),
      toFields: (e) => ({ password: e.password, confirmPassword: e.confirmation }),
    }),
  },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, {
      password: { id: PASSWORD_FIELDS.password, messages: MESSAGES.password },
      confirmPassword: { id: PASSWORD_FIELDS.confirmPassword, messages: MESSAGES.confirmPassword },
    }),
  }),
  page: createPasswordPage,
  sample: {
    props: {},
    backLink: true,
    errors: [
      { field: PASSWORD_FIELDS.password, message: 'Enter a password' },
      { field: PASSWORD_FIELDS.confirmPassword, message: 'Enter the same password in both fields' },
    ],
  },
});
