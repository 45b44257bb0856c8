import { Button, Form, PasswordInput } from '../components/index.js';
import type { FormPageProps, PageView } from '../types.js';
import { errorFor, journeyAction, PageErrorSummary } from './shared.js';

/** Passwords are never written back into the page, so this page takes errors only. */
export type CreatePasswordProps = FormPageProps;

export const PASSWORD_FIELDS = { password: 'password', confirmPassword: 'confirmPassword' } as const;

export function createPasswordPage(props: CreatePasswordProps): PageView {
  const { errors } = props;
  const title = 'Create a password';
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
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
      </>
    ),
  };
}
