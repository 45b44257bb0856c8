import { Button, Form, Input, InsetText, LinkButton } from '../components/index.js';
import type { FormPageProps, PageView } from '../types.js';
import { errorFor, journeyAction, PageErrorSummary, StartAgainLink } from './shared.js';

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
