import { assetUrls } from '../views/assets.js';
import { Button, Form, Radios } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { fieldErrors, form, pageScreen } from './screen.js';

export type PasskeyLoadingProps = FormPageProps;

export const WINDOWS_HELLO_FIELD = 'windowsHello';
const ACTION = journeyAction('passkey-loading');

/**
 * passkey-detect.js looks at the platform and posts it from the hidden form; without
 * JavaScript the noscript form asks the same question instead.
 */
export function passkeyLoadingPage(props: PasskeyLoadingProps): PageView {
  const { errors } = props;
  const title = 'Add a passkey';
  const question = (
    <Form action={ACTION} csrfToken={props.page.csrfToken}>
      <Radios
        name="windowsHello"
        idPrefix={WINDOWS_HELLO_FIELD}
        fieldset={{ legend: { text: 'Is Windows Hello set up on this computer?', size: 'm' } }}
        hint="Windows Hello lets you unlock Windows with your face, fingerprint or a PIN."
        errorMessage={errorFor(errors, WINDOWS_HELLO_FIELD)}
        items={[
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No, or I am not using Windows' },
        ]}
      />
      <Button text="Continue" preventDoubleClick />
    </Form>
  );
  return {
    title,
    errors,
    scripts: [assetUrls.passkeyDetectJs],
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
        {errors && errors.length > 0 ? (
          question
        ) : (
          <>
            <div class="nhsuk-u-frontend-not-supported-hidden" id="passkey-detect" data-action={ACTION}>
              <p role="status" aria-live="polite" id="passkey-detect-status">
                Checking your device…
              </p>
              <Form action={ACTION} csrfToken={props.page.csrfToken} id="passkey-detect-form" hidden>
                <input type="hidden" name="os" value="" />
                <input type="hidden" name="platformAuthenticator" value="" />
              </Form>
            </div>
            <noscript>{question}</noscript>
          </>
        )}
      </>
    ),
  };
}

const WINDOWS_HELLO_REQUIRED = 'Select yes if Windows Hello is set up on this computer';

export const passkeyLoadingScreen = pageScreen({
  view: 'passkey-loading',
  forms: {
    '': form({
      required: [],
      optional: ['os', 'platformAuthenticator', 'windowsHello'],
      events: ['PLATFORM_DETECTED', 'PLATFORM_QUESTION_UNANSWERED'],
      toEvent: (f) => {
        // Without JavaScript the page asks whether Windows Hello is set up; the detection script sends os.
        if (f.windowsHello !== undefined)
          return {
            type: 'PLATFORM_DETECTED',
            os: f.windowsHello === 'yes' ? 'windows' : 'other',
            platformAuthenticator: f.windowsHello === 'yes',
          };
        if (f.os === undefined) return { type: 'PLATFORM_QUESTION_UNANSWERED' };
        return {
          type: 'PLATFORM_DETECTED',
          os: f.os,
          platformAuthenticator: f.platformAuthenticator === 'true',
        };
      },
      // As the detection script posts it.
      toFields: (e): Record<string, string> =>
        e.type === 'PLATFORM_DETECTED'
          ? { os: e.os, platformAuthenticator: String(e.platformAuthenticator) }
          : {},
    }),
  },
  present: (snapshot) => ({
    errors: fieldErrors(snapshot, {
      windowsHello: { id: WINDOWS_HELLO_FIELD, messages: { required: WINDOWS_HELLO_REQUIRED } },
    }),
  }),
  page: passkeyLoadingPage,
  sample: {
    props: {},
    backLink: true,
    errors: [{ field: WINDOWS_HELLO_FIELD, message: WINDOWS_HELLO_REQUIRED }],
  },
});
