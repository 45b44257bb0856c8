import type { ErrorCode } from '../machine/index.js';
import { assetUrls } from '../views/assets.js';
import { Button, Details, Form, InsetText } from '../views/components/index.js';
import { journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { type FormFields, form, type ModelOf, pageScreen } from './screen.js';

export type PasskeyRegisterError = 'cancelled' | 'alreadyRegistered' | 'timedOut' | 'failed';

export interface PasskeyRegisterProps extends PageProps {
  variant: 'windowsHello' | 'noWindowsHello';
  /** PublicKeyCredentialCreationOptionsJSON from the server, as a JSON string. */
  optionsJSON: string;
  error?: PasskeyRegisterError;
}

export const CREATE_PASSKEY_BUTTON_ID = 'create-passkey';

const ERROR_MESSAGES: Record<PasskeyRegisterError, string> = {
  cancelled: 'Creating a passkey was cancelled. Select "Create a passkey" to try again',
  timedOut: 'Creating a passkey took too long. Select "Create a passkey" to try again',
  alreadyRegistered:
    'This phone or tablet already has a passkey for your Care Identity profile. Use a different phone or tablet, or go back and choose a different type of authenticator',
  failed: 'Your passkey could not be created. Select "Create a passkey" to try again',
};

/** JSON inside a script element: "<" is escaped so the text can never close the element. */
export function jsonForScript(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function Steps(props: { variant: PasskeyRegisterProps['variant'] }) {
  if (props.variant === 'windowsHello') {
    return (
      <ol>
        <li>Select "Create a passkey".</li>
        <li>
          When a Windows Security window opens, select "Change" next to "This will be saved to your Windows
          device".
        </li>
        <li>Select "iPhone, iPad or Android device".</li>
        <li>Scan the QR code with the camera on your phone or tablet.</li>
        <li>Follow the steps on your phone or tablet.</li>
      </ol>
    );
  }
  return (
    <ol>
      <li>Select "Create a passkey".</li>
      <li>When a window opens, select "iPhone, iPad or Android device".</li>
      <li>Scan the QR code with the camera on your phone or tablet.</li>
      <li>Follow the steps on your phone or tablet.</li>
    </ol>
  );
}

export function passkeyRegisterPage(props: PasskeyRegisterProps): PageView {
  const title = 'Create a passkey on your phone or tablet';
  const errors = props.error
    ? [{ field: CREATE_PASSKEY_BUTTON_ID, message: ERROR_MESSAGES[props.error] }]
    : [];
  return {
    title,
    errors,
    scripts: [assetUrls.passkeyRegisterJs],
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
        {props.variant === 'windowsHello' ? (
          <p>
            This computer uses Windows Hello, so it will offer to save the passkey to Windows. Change this so
            the passkey is saved on your phone or tablet instead.
          </p>
        ) : (
          <p>
            Your passkey will be saved on your phone or tablet, such as an iPhone, iPad or Android device.
          </p>
        )}
        <Steps variant={props.variant} />
        <InsetText text="Keep this page open until your phone or tablet says the passkey has been saved." />
        <Details summary="My screen looks different" id="passkey-screen-different">
          <p>
            {props.variant === 'windowsHello'
              ? 'If no Windows Security window offers to save the passkey to this Windows device, use the other steps.'
              : 'If a Windows Security window says the passkey will be saved to this Windows device, use the other steps.'}
          </p>
          <Form action={journeyAction('passkey-register/switch')} csrfToken={props.page.csrfToken}>
            <Button text="Show the other steps" variant="secondary" preventDoubleClick />
          </Form>
        </Details>
        <script
          type="application/json"
          id="passkey-options"
          nonce={props.page.cspNonce}
          dangerouslySetInnerHTML={{ __html: jsonForScript(props.optionsJSON) }}
        />
        <div class="nhsuk-u-frontend-not-supported-hidden">
          <Button
            text="Create a passkey"
            id={CREATE_PASSKEY_BUTTON_ID}
            type="button"
            classes="app-js-create-passkey"
          />
          <p role="status" aria-live="polite" id="passkey-register-status" />
        </div>
        <Form
          action={journeyAction('passkey-register')}
          csrfToken={props.page.csrfToken}
          id="passkey-register-form"
          hidden
        />
        <noscript>
          <p class="nhsuk-body-l">You need JavaScript turned on to create a passkey.</p>
          <p>
            Turn on JavaScript in your browser settings and reload this page, or go back and choose a
            different type of authenticator.
          </p>
        </noscript>
      </>
    ),
  };
}

const PASSKEY_ERRORS: Partial<Record<ErrorCode, PasskeyRegisterError>> = {
  passkeyCancelled: 'cancelled',
  passkeyAlreadyRegistered: 'alreadyRegistered',
  passkeyTimedOut: 'timedOut',
  passkeyFailed: 'failed',
};

export const passkeyRegisterScreen = pageScreen({
  view: 'passkey-register',
  forms: {
    switch: form({
      required: [],
      events: ['PASSKEY_INSTRUCTIONS_SWITCHED'],
      toEvent: () => ({ type: 'PASSKEY_INSTRUCTIONS_SWITCHED' }),
      toFields: () => ({}),
    }),
    '': form({
      required: [],
      optional: ['response', 'errorName'],
      events: ['PASSKEY_CREATED', 'PASSKEY_FAILED'],
      toEvent: (f) =>
        f.response !== undefined
          ? { type: 'PASSKEY_CREATED', responseJSON: f.response }
          : { type: 'PASSKEY_FAILED', errorName: f.errorName },
      toFields: (e): FormFields =>
        e.type === 'PASSKEY_CREATED' ? { response: e.responseJSON } : { errorName: e.errorName },
    }),
  },
  present: ({ context: ctx }): ModelOf<PasskeyRegisterProps> => {
    const code = ctx.errors.passkey;
    const error = code ? PASSKEY_ERRORS[code] : undefined;
    return {
      variant: ctx.passkey.windowsHello ? 'windowsHello' : 'noWindowsHello',
      optionsJSON: ctx.passkey.optionsJSON ?? '{}',
      ...(error ? { error } : {}),
    };
  },
  page: passkeyRegisterPage,
  sample: {
    props: {
      variant: 'noWindowsHello',
      optionsJSON: JSON.stringify({ challenge: 'abc', rp: { name: 'NHS' }, user: { name: '</script><b>' } }),
    },
    backLink: 'choose-authenticator',
  },
});
