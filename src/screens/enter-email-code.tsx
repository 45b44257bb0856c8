import { LIMITS } from '../machine/index.js';
import { Button, Form, Input, InsetText, LinkButton } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary, StartAgainLink } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { fieldErrors, form, type Messages, pageScreen } from './screen.js';

export interface EnterEmailCodeProps extends FormPageProps {
  emailAddress: string;
  codeLifetimeMinutes: number;
  canRequestNewCode: boolean;
  /** Confirmation after "Send a new code", for example "We have sent a new code". */
  newCodeMessage?: string;
  values?: { code?: string };
}

export const EMAIL_CODE_FIELD = 'code';

export function enterEmailCodePage(props: EnterEmailCodeProps): PageView {
  const { errors } = props;
  const title = 'Check your email';
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        {props.newCodeMessage ? <InsetText role="status" text={props.newCodeMessage} /> : null}
        <h1>{title}</h1>
        <p>
          We have sent a code to <strong>{props.emailAddress}</strong>.
        </p>
        <p>
          The code expires after {props.codeLifetimeMinutes} minutes. It may take a few minutes to arrive.
        </p>
        <Form action={journeyAction('enter-email-code')} csrfToken={props.page.csrfToken}>
          <Input
            id={EMAIL_CODE_FIELD}
            name="code"
            label={{ text: 'Enter the code', size: 'm' }}
            hint="The code is 6 numbers."
            errorMessage={errorFor(errors, EMAIL_CODE_FIELD)}
            value={props.values?.code}
            code
            width={10}
            autocomplete="one-time-code"
            inputmode="numeric"
            spellcheck={false}
          />
          <Button text="Continue" preventDoubleClick />
        </Form>
        <h2 class="nhsuk-heading-s">Not received the email?</h2>
        <p>Check your spam or junk folder.</p>
        {props.canRequestNewCode ? (
          <Form action={journeyAction('enter-email-code/new-code')} csrfToken={props.page.csrfToken}>
            <p>
              <LinkButton text="Send a new code" id="send-new-code" />
            </p>
          </Form>
        ) : (
          <>
            <p>
              You cannot ask for any more codes. If the email has not arrived, check that you used the email
              address on your Care Identity profile, then start again.
            </p>
            <StartAgainLink csrfToken={props.page.csrfToken} />
          </>
        )}
      </>
    ),
  };
}

/** The wording of email code errors; the details page shows some of them too. */
export const EMAIL_CODE_MESSAGES: Messages = {
  required: 'Enter the code',
  format: 'The code must be 6 numbers',
  wrongCode: 'The code is not correct. Check the code in your email and try again',
  codeExpired: 'The code has expired. Send a new code',
  tooManyCodes: 'You cannot ask for any more codes. Use the last code we sent you',
  newCodeTooSoon: 'Wait 30 seconds before asking for a new code',
};

export const enterEmailCodeScreen = pageScreen({
  view: 'enter-email-code',
  forms: {
    '': form({
      required: ['code'],
      events: ['EMAIL_CODE_SUBMITTED'],
      toEvent: (f) => ({ type: 'EMAIL_CODE_SUBMITTED', code: f.code }),
      toFields: (e) => ({ code: e.code }),
    }),
    'new-code': form({
      required: [],
      events: ['NEW_EMAIL_CODE_REQUESTED'],
      toEvent: () => ({ type: 'NEW_EMAIL_CODE_REQUESTED' }),
      toFields: () => ({}),
    }),
  },
  present: (snapshot) => {
    const ctx = snapshot.context;
    return {
      emailAddress: ctx.details?.email ?? '',
      codeLifetimeMinutes: LIMITS.emailCodeLifetimeMs / 60_000,
      canRequestNewCode: ctx.email.codesSent < LIMITS.emailCodeSendsPerJourney,
      ...(ctx.notice === 'newCodeSent' ? { newCodeMessage: 'We have sent you a new code' } : {}),
      errors: fieldErrors(snapshot, { code: { id: EMAIL_CODE_FIELD, messages: EMAIL_CODE_MESSAGES } }),
    };
  },
  page: enterEmailCodePage,
  sample: {
    props: { emailAddress: 'jane.doe@nhs.net', codeLifetimeMinutes: 10, canRequestNewCode: true },
    backLink: 'enter-details',
    errors: [{ field: EMAIL_CODE_FIELD, message: 'The code must be 6 numbers' }],
  },
});
