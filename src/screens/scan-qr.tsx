import { raw } from '@add-authenticator/jsx-html';
import { Button, Details, Form, WarningCallout } from '../views/components/index.js';
import { journeyAction } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { form, pageScreen } from './screen.js';

export interface ScanQrProps extends PageProps {
  /** Inline SVG of the otpauth URI, made by the server (trusted markup). */
  qrSvg: string;
  /** The secret key in groups of 4 characters, for typing in by hand. */
  keyInGroups: string;
}

export function scanQrPage(props: ScanQrProps): PageView {
  const title = 'Scan the QR code';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <ol>
          <li>Open your authenticator app.</li>
          <li>Choose to add an account. This may be a + (plus) button.</li>
          <li>Use the app to scan the QR code.</li>
        </ol>
        <figure class="app-qr-code nhsuk-u-margin-0 nhsuk-u-margin-bottom-5">
          <div role="img" aria-label="QR code for your authenticator app">
            {raw(props.qrSvg)}
          </div>
        </figure>
        <Details summary="Can't scan the QR code?">
          <p>Choose to enter a key in your authenticator app, then enter this key:</p>
          <p class="nhsuk-u-font-size-22 nhsuk-u-font-weight-bold nhsuk-u-margin-bottom-3">
            <code id="authenticator-key">{props.keyInGroups}</code>
          </p>
          <p>If the app asks what type of key it is, choose "time based".</p>
        </Details>
        <WarningCallout text="Do not select Next until you have scanned the QR code." />
        <Form action={journeyAction('scan-qr')} csrfToken={props.page.csrfToken}>
          <Button text="Next" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

/** "ABCD EFGH IJKL …": easier to read and type from the "Can't scan the QR code?" panel. */
export function formatKeyInGroups(key: string): string {
  return (key.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

export const scanQrScreen = pageScreen({
  view: 'scan-qr',
  forms: {
    '': form({
      required: [],
      events: ['QR_SCANNED'],
      toEvent: () => ({ type: 'QR_SCANNED' }),
      toFields: () => ({}),
    }),
  },
  present: async ({ context: ctx }, deps) => {
    const { uri, key } = deps.describeTotp({
      encryptedSecret: ctx.app.encryptedSecret ?? '',
      accountName: ctx.details?.email ?? '',
    });
    return { qrSvg: await deps.renderQr(uri), keyInGroups: formatKeyInGroups(key) };
  },
  page: scanQrPage,
  sample: { props: { qrSvg: QR_SVG, keyInGroups: 'JBSW Y3DP EHPK 3PXP' }, backLink: 'create-password' },
});
