import { raw } from '@add-authenticator/jsx-html';
import { cx } from '../views/components/common.js';
import { Button, ErrorMessage, Fieldset, Form, Hint, Input } from '../views/components/index.js';
import { errorFor, headedPage, journeyAction } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { EMAIL_CODE_MESSAGES } from './enter-email-code.js';
import {
  type CaptchaProps,
  type CaptchaProvider,
  type FormFields,
  fieldErrors,
  form,
  pageScreen,
} from './screen.js';

export interface EnterDetailsProps extends FormPageProps {
  /** Inputs kept after a failed submission; the CAPTCHA answer is never kept. */
  values?: { email?: string; niNumber?: string };
  captcha: CaptchaProps;
}

/** Error field ids on this page. */
export const ENTER_DETAILS_FIELDS = {
  email: 'email',
  niNumber: 'niNumber',
  captchaAnswer: 'captchaAnswer',
  captchaWidget: 'captcha',
} as const;

const WIDGET_CLASS: Record<CaptchaProvider, string> = {
  hcaptcha: 'h-captcha',
  turnstile: 'cf-turnstile',
  recaptcha: 'g-recaptcha',
};

const NI_HINT =
  "It's on your National Insurance card, benefit letter, payslip or P60. For example, 'QQ 12 34 56 C'.";

function DevCaptcha(props: { captcha: { challengeId: string; imageSvg: string }; error?: string }) {
  return (
    <Fieldset legend={{ text: 'Image recognition test', size: 'm' }} describedBy="captcha-dev-hint">
      <Hint
        id="captcha-dev-hint"
        text="Development test image. Enter the characters you can see in the image."
      />
      <div class="app-captcha-image nhsuk-u-margin-bottom-4">{raw(props.captcha.imageSvg)}</div>
      <input type="hidden" name="captchaChallenge" value={props.captcha.challengeId} />
      <Input
        id={ENTER_DETAILS_FIELDS.captchaAnswer}
        name="captchaAnswer"
        label={{ text: 'Characters in the image' }}
        errorMessage={props.error}
        width={10}
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
      />
    </Fieldset>
  );
}

function WidgetCaptcha(props: {
  captcha: { provider: CaptchaProvider; siteKey: string; scriptSrc: string };
  error?: string;
  nonce: string;
}) {
  const id = ENTER_DETAILS_FIELDS.captchaWidget;
  return (
    <div class={cx('nhsuk-form-group', props.error && 'nhsuk-form-group--error')}>
      <Fieldset
        legend={{ text: 'Image recognition test', size: 'm' }}
        describedBy={cx(`${id}-hint`, props.error && `${id}-error`)}
      >
        <Hint
          id={`${id}-hint`}
          text="Follow the instructions to show you are a person and not a computer program."
        />
        {props.error ? <ErrorMessage id={`${id}-error`} text={props.error} /> : null}
        <div
          id={id}
          class={WIDGET_CLASS[props.captcha.provider]}
          data-sitekey={props.captcha.siteKey}
          tabindex={-1}
        />
      </Fieldset>
      <script src={props.captcha.scriptSrc} nonce={props.nonce} async defer />
    </div>
  );
}

export function enterDetailsPage(props: EnterDetailsProps): PageView {
  const { errors, values, captcha } = props;
  const title = 'Enter your details';
  const page = headedPage(
    title,
    errors,
    <>
      <p>We use your email address and National Insurance number to find your Care Identity profile.</p>
      <Form action={journeyAction('enter-details')} csrfToken={props.page.csrfToken}>
        <Input
          id={ENTER_DETAILS_FIELDS.email}
          name="email"
          type="email"
          label={{ text: 'Email address', size: 's' }}
          hint="Use the email address on your Care Identity profile."
          errorMessage={errorFor(errors, ENTER_DETAILS_FIELDS.email)}
          value={values?.email}
          autocomplete="email"
          spellcheck={false}
        />
        <Input
          id={ENTER_DETAILS_FIELDS.niNumber}
          name="niNumber"
          label={{ text: 'National Insurance number', size: 's' }}
          hint={NI_HINT}
          errorMessage={errorFor(errors, ENTER_DETAILS_FIELDS.niNumber)}
          value={values?.niNumber}
          width={10}
          spellcheck={false}
          autocapitalize="characters"
        />
        {captcha.kind === 'dev' ? (
          <DevCaptcha captcha={captcha} error={errorFor(errors, ENTER_DETAILS_FIELDS.captchaAnswer)} />
        ) : (
          <WidgetCaptcha
            captcha={captcha}
            error={errorFor(errors, ENTER_DETAILS_FIELDS.captchaWidget)}
            nonce={props.page.cspNonce}
          />
        )}
        <Button text="Continue" preventDoubleClick />
      </Form>
    </>,
  );
  // A CAPTCHA provider's widget script expects a document of its own, never a swapped-in fragment.
  return captcha.kind === 'widget' ? { ...page, wholeDocument: true } : page;
}

const MESSAGES = {
  email: {
    required: 'Enter your email address',
    format: 'Enter an email address in the correct format, like name@example.com',
    tooLong: 'Email address must be 254 characters or fewer',
  },
  niNumber: {
    required: 'Enter your National Insurance number',
    format: 'Enter a National Insurance number in the correct format',
  },
  captcha: {
    required: 'Complete the image recognition test',
    captchaFailed: 'Complete the image recognition test',
  },
} as const;

/** The CAPTCHA's answer as one token: the development test's is "<challenge id>.<answer>". */
function captchaToken(f: FormFields, fields: readonly string[]): string {
  if (fields.includes('captchaAnswer')) {
    return f.captchaChallenge && f.captchaAnswer ? `${f.captchaChallenge}.${f.captchaAnswer.trim()}` : '';
  }
  for (const name of fields) if (f[name]) return f[name];
  return '';
}

/** captchaToken the other way. */
function captchaFieldsOf(token: string, fields: readonly string[]): FormFields {
  if (fields.includes('captchaAnswer')) {
    const dot = token.indexOf('.');
    if (dot < 0) return { captchaChallenge: '', captchaAnswer: '' };
    return { captchaChallenge: token.slice(0, dot), captchaAnswer: token.slice(dot + 1) };
  }
  return fields[0] ? { [fields[0]]: token } : {};
}

const CAPTCHA_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="1" y="9">AB12</text></svg>';

export const enterDetailsScreen = pageScreen({
  view: 'enter-details',
  forms: {
    '': form({
      required: ['email', 'niNumber'],
      captcha: true,
      events: ['DETAILS_SUBMITTED'],
      toEvent: (f, r) => ({
        type: 'DETAILS_SUBMITTED',
        email: f.email,
        niNumber: f.niNumber,
        captchaToken: captchaToken(f, r.captchaFields),
        clientIp: r.clientIp,
      }),
      toFields: (e, r) => ({
        email: e.email,
        niNumber: e.niNumber,
        ...captchaFieldsOf(e.captchaToken, r.captchaFields),
      }),
    }),
  },
  present: (snapshot, deps) => {
    const captcha = deps.captcha();
    return {
      values: snapshot.context.enteredDetails ?? {},
      captcha,
      errors: fieldErrors(snapshot, {
        email: { id: ENTER_DETAILS_FIELDS.email, messages: MESSAGES.email },
        niNumber: { id: ENTER_DETAILS_FIELDS.niNumber, messages: MESSAGES.niNumber },
        captcha: {
          id:
            captcha.kind === 'dev' ? ENTER_DETAILS_FIELDS.captchaAnswer : ENTER_DETAILS_FIELDS.captchaWidget,
          messages: MESSAGES.captcha,
        },
        details: { id: '', messages: EMAIL_CODE_MESSAGES },
      }),
    };
  },
  page: enterDetailsPage,
  sample: {
    props: { captcha: { kind: 'dev', challengeId: 'challenge-1', imageSvg: CAPTCHA_SVG } },
    backLink: 'start',
    errors: [
      { field: 'email', message: MESSAGES.email.format },
      { field: 'niNumber', message: MESSAGES.niNumber.format },
      { field: 'captchaAnswer', message: MESSAGES.captcha.required },
    ],
  },
});
