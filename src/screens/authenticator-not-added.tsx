import { type AuthenticatorMethod, type LateFailureReason, LIMITS } from '../machine/index.js';
import { Button, Form } from '../views/components/index.js';
import { journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { chooseAnotherForm, retryForm } from './common-forms.js';
import { type ModelOf, pageScreen } from './screen.js';

export interface AuthenticatorNotAddedProps extends PageProps {
  method: AuthenticatorMethod;
  reason: LateFailureReason;
  /** Further failures this journey allows before only the Registration Authority can help. */
  triesLeft: number;
}

export const NOT_ADDED_HEADINGS: Record<AuthenticatorMethod, string> = {
  app: 'Your authenticator app was not added',
  nhsnet: 'Your NHS.net Connect account was not added',
  passkey: 'Your passkey was not added',
};

/** Each reason in plain words. None names another person or profile, or which detail of theirs matched. */
export const NOT_ADDED_REASONS: Record<LateFailureReason, { why: string; next: string }> = {
  passkeyNotVerified: {
    why: 'Your phone or tablet made a passkey, but we could not check that it is genuine.',
    next: 'Try again with your phone or tablet. If it happens again, try a different phone or tablet.',
  },
  passkeyLinkedElsewhere: {
    why: 'This passkey is already linked to a different Care Identity profile.',
    next: 'Try again with a different phone or tablet.',
  },
  nhsnetWrongOrganisation: {
    why: 'The account you logged in with is not an NHS.net Connect account that can be added. The email address of the account must end in nhs.net.',
    next: 'Try again and log in with your own NHS.net Connect account.',
  },
  nhsnetLinkedElsewhere: {
    why: 'This NHS.net Connect account is already linked to a different Care Identity profile. An NHS.net Connect account can only be linked to one profile.',
    next: 'Try again and log in with a different NHS.net Connect account.',
  },
  nhsnetAlreadyOnProfile: {
    why: 'This NHS.net Connect account is already on your Care Identity profile, so you can already use it.',
    next: 'You can choose another type of authenticator to add.',
  },
  directoryRefused: {
    why: 'We could not save your authenticator app to your Care Identity profile.',
    next: 'Try again. You will need to scan a new QR code and enter a new code from your app.',
  },
};

export function authenticatorNotAddedPage(props: AuthenticatorNotAddedProps): PageView {
  const title = NOT_ADDED_HEADINGS[props.method];
  const reason = NOT_ADDED_REASONS[props.reason];
  const csrfToken = props.page.csrfToken;
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>{reason.why}</p>
        <p>{reason.next}</p>
        <p>You do not need to enter your details or a code from your email again.</p>
        {props.triesLeft <= 1 ? (
          <p>
            If it does not work next time, you will need to{' '}
            <a href={props.page.site.findRaUrl}>contact your Registration Authority</a>.
          </p>
        ) : null}
        <Form action={journeyAction('authenticator-not-added')} csrfToken={csrfToken}>
          <Button text="Try again" preventDoubleClick />
        </Form>
        <Form action={journeyAction('authenticator-not-added/choose-another')} csrfToken={csrfToken}>
          <Button text="Choose another type of authenticator" variant="secondary" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const authenticatorNotAddedScreen = pageScreen({
  view: 'authenticator-not-added',
  forms: { '': retryForm, 'choose-another': chooseAnotherForm },
  present: ({ context }): ModelOf<AuthenticatorNotAddedProps> => ({
    method: context.problems.lateFailure?.method ?? 'app',
    reason: context.problems.lateFailure?.reason ?? 'directoryRefused',
    triesLeft: Math.max(0, LIMITS.lateFailuresPerJourney - context.problems.lateFailures),
  }),
  page: authenticatorNotAddedPage,
  sample: { props: { method: 'nhsnet', reason: 'nhsnetLinkedElsewhere', triesLeft: 1 } },
});
