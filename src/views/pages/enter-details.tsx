import { raw } from 'hono/html';
import { cx } from '../components/common.js';
import { Button, ErrorMessage, Fieldset, Form, Hint, Input } from '../components/index.js';
import type { FormPageProps, PageView } from '../types.js';
import { errorFor, journeyAction, PageErrorSummary } from './shared.js';

export type CaptchaProvider = 'hcaptcha' | 'turnstile' | 'recaptcha';

export type CaptchaProps =
  /** The development challenge: a server-made SVG image and the id the answer is checked against. */
  | { kind: 'dev'; challengeId: string; imageSvg: string }
  /** A third-party widget; it adds its own response field to the form. */
  | { kind: 'widget'; provider: CaptchaProvider; siteKey: string; scriptSrc: string };

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
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
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
      </>
    ),
  };
}
