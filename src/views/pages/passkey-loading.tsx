import { assetUrls } from '../assets.js';
import { Button, Form, Radios } from '../components/index.js';
import type { FormPageProps, PageView } from '../types.js';
import { errorFor, journeyAction, PageErrorSummary } from './shared.js';

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
