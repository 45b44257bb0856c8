/**
 * The steps of the NHS guidance page (shared/seed) in its order, each with the page that does it (a
 * page key of journey-graph.ts: a view id, or view~variant), its screenshot in docs/screens and the SPEC
 * rule behind it. Editorial: which seed sentence is which page is a reading, not something the
 * statechart knows. Titles are not here: docs/journey.md reads them from the pages themselves.
 */
export interface SeedStep {
  /** The section of the guidance page. */
  section: string;
  /** What the guidance page tells the person to do or to expect, shortened. */
  seed: string;
  page: string;
  /** File in docs/screens/. */
  screenshot: string;
  /** Where SPEC.md says how the page must behave. */
  spec: string;
}

export const SEED_STEPS: SeedStep[] = [
  {
    section: 'How to use the application',
    seed: 'Read the instructions on how the application works, and select "Start"',
    page: 'start',
    screenshot: 'start.png',
    spec: 'Screens 1 (start); journey creation: none on GET',
  },
  {
    section: 'How to use the application',
    seed: 'You must be logged out of Care Identity Management before you start',
    page: 'log-out-first',
    screenshot: 'log-out-first.png',
    spec: 'Screens 1 (log-out-first when the Care Identity Management cookie is present)',
  },
  {
    section: 'How to use the application',
    seed: 'Enter your email address and National Insurance number, complete the image recognition test, select "Continue"',
    page: 'enter-details',
    screenshot: 'enter-details.png',
    spec: 'Screens 2; rules: NI number, email, identity checks (per IP 10 / 15 min, per email and NI number 5 / hour)',
  },
  {
    section: 'How to use the application',
    seed: 'If you see a "Problem adding authenticator" screen, see troubleshooting',
    page: 'problem-adding-authenticator',
    screenshot: 'problem-adding-authenticator.png',
    spec: 'Screens 2 and 9 (generic: never says which detail was wrong)',
  },
  {
    section: 'How to use the application',
    seed: 'Find the code in the email, enter the code and select "Continue"',
    page: 'enter-email-code',
    screenshot: 'enter-email-code.png',
    spec: 'Screens 3; rules: email code (6 digits, 10 minutes, 5 wrong per journey, 1 + 3 sends)',
  },
  {
    section: 'How to use the application',
    seed: 'Choose which type of authenticator you want to add',
    page: 'choose-authenticator',
    screenshot: 'choose-authenticator.png',
    spec: 'Screens 4 (a second NHS.net Connect account is shown as already added)',
  },
  {
    section: 'Add an authenticator app',
    seed: 'Read the instructions, confirm only you have access to the authenticator app, select "Continue"',
    page: 'app-instructions',
    screenshot: 'app-instructions.png',
    spec: 'Screens 5 (app-instructions)',
  },
  {
    section: 'Add an authenticator app',
    seed: 'Create and confirm a password, select "Continue"',
    page: 'create-password',
    screenshot: 'create-password.png',
    spec: 'Screens 5; rules: password (12 to 128 characters, not common or breached, argon2id)',
  },
  {
    section: 'Add an authenticator app',
    seed: 'Scan the QR code, then select "Next" (not before you have scanned it)',
    page: 'scan-qr',
    screenshot: 'scan-qr.png',
    spec: 'Screens 5 (key in groups of 4); rules: TOTP secret encrypted, never in a form field',
  },
  {
    section: 'Add an authenticator app',
    seed: 'Enter the code your authenticator app shows and select "Submit"',
    page: 'enter-app-code',
    screenshot: 'enter-app-code.png',
    spec: 'Screens 5; rules: TOTP (30 s, ±1 step, each step once, 5 wrong codes)',
  },
  {
    section: 'Add an authenticator app',
    seed: 'When your authenticator has been added you will see a confirmation message',
    page: 'app-added',
    screenshot: 'app-added.png',
    spec: 'Screens 8 (every *-added page; notification email; audit event)',
  },
  {
    section: 'Add your NHS.net Connect account',
    seed: 'Read the instructions, confirm only you have access to the NHS.net Connect account, select "Continue"',
    page: 'nhsnet-instructions',
    screenshot: 'nhsnet-instructions.png',
    spec: 'Screens 6 (nhsnet-instructions)',
  },
  {
    section: 'Add your NHS.net Connect account',
    seed: 'Log in on the NHS.net Connect screen (it may still say NHSmail); do not choose "Log in with my Care Identity"',
    page: 'nhsnet-redirect',
    screenshot: 'nhsnet-instructions.png',
    spec: 'Screens 6; rules: NHS.net Connect (code + PKCE, state, nonce, tenant and domain allow-lists)',
  },
  {
    section: 'Add your NHS.net Connect account',
    seed: 'You will see a confirmation message (the seed says "device"; the page says the account was added)',
    page: 'nhsnet-added',
    screenshot: 'nhsnet-added.png',
    spec: 'Screens 6 and 8',
  },
  {
    section: 'Add a passkey: Windows Hello installed (type 2)',
    seed: 'Select "Passkey"; first you will see a brief loading screen',
    page: 'passkey-loading',
    screenshot: 'passkey-loading.png',
    spec: 'Screens 7 (passkey-loading detects the platform; without JavaScript the page asks)',
  },
  {
    section: 'Add a passkey: Windows Hello installed (type 2)',
    seed: 'Select "Change", then "iPhone, iPad or Android device", scan the QR code with the phone',
    page: 'passkey-register~type-2',
    screenshot: 'passkey-register--windows-hello.png',
    spec: 'Screens 7 and 10; rules: WebAuthn (hybrid, resident key, user verification)',
  },
  {
    section: 'Add a passkey: Windows Hello installed (type 2)',
    seed: 'A Windows device registered as Windows Hello cannot also register a passkey: use your phone',
    page: 'passkey-windows-hello',
    screenshot: 'passkey-windows-hello.png',
    spec: 'Screens 7 (platform attachment on Windows → passkey-windows-hello)',
  },
  {
    section: 'Add a passkey: Windows Hello installed (type 2)',
    seed: 'When the device is registered you will see a confirmation screen',
    page: 'passkey-added',
    screenshot: 'passkey-added.png',
    spec: 'Screens 7 and 8',
  },
  {
    section: 'Add a passkey: no Windows Hello (type 1)',
    seed: 'Select "Passkey"; first you will see a brief loading screen',
    page: 'passkey-loading',
    screenshot: 'passkey-loading.png',
    spec: 'Screens 7',
  },
  {
    section: 'Add a passkey: no Windows Hello (type 1)',
    seed: 'Select "iPhone, iPad or Android device", scan the QR code with the phone',
    page: 'passkey-register~type-1',
    screenshot: 'passkey-register.png',
    spec: 'Screens 7 and 10; rules: WebAuthn',
  },
  {
    section: 'Add a passkey: no Windows Hello (type 1)',
    seed: 'When the device is registered you will see a confirmation screen',
    page: 'passkey-added',
    screenshot: 'passkey-added.png',
    spec: 'Screens 7 and 8',
  },
  {
    section: 'Troubleshooting',
    seed: 'You entered your NI number correctly but see "Your Care Identity profile could not be found"',
    page: 'profile-not-found',
    screenshot: 'profile-not-found.png',
    spec: 'Screens 3 and 9 (only after the email is proven)',
  },
  {
    section: 'Troubleshooting',
    seed: '"Problem adding authenticator": contact your Registration Authority; you may need a new profile',
    page: 'problem-adding-authenticator',
    screenshot: 'problem-adding-authenticator.png',
    spec: 'Screens 9 (Find your Registration Authority, the seed causes, a new profile)',
  },
];
