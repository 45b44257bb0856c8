import { Button, Form } from '../views/components/index.js';
import { journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { retryForm } from './common-forms.js';
import { staticScreen } from './screen.js';

export type PasskeyWindowsHelloProps = PageProps;

export function passkeyWindowsHelloPage(props: PasskeyWindowsHelloProps): PageView {
  const title = 'Use your phone or tablet to create a passkey';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>The passkey was going to be saved to Windows Hello on this computer.</p>
        <p>
          A Windows device that is set up as a Windows Hello authenticator cannot be used as a passkey as
          well, so we have not added it.
        </p>
        <p>
          You can still use this computer to create a passkey on your phone or tablet, such as an iPhone, iPad
          or Android device.
        </p>
        <Form action={journeyAction('passkey-windows-hello')} csrfToken={props.page.csrfToken}>
          <Button text="Use your phone or tablet instead" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const passkeyWindowsHelloScreen = staticScreen('passkey-windows-hello', passkeyWindowsHelloPage, {
  forms: { '': retryForm },
});
