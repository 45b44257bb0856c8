/** Error codes from the statechart → the words on the page (GOV.UK error message style). */
import type { ErrorCode } from '../machine/index.js';

type Messages = Partial<Record<ErrorCode, string>>;

const byField: Record<string, Messages> = {
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
  emailCode: {
    required: 'Enter the code',
    format: 'The code must be 6 numbers',
    wrongCode: 'The code is not correct. Check the code in your email and try again',
    codeExpired: 'The code has expired. Send a new code',
    tooManyCodes: 'You cannot ask for any more codes. Use the last code we sent you',
    newCodeTooSoon: 'Wait 30 seconds before asking for a new code',
  },
  method: {
    required: 'Select the type of authenticator you want to add',
    nhsnetAlreadyAdded: 'An NHS.net Connect account is already added to your profile. Select another type',
  },
  appSoleAccess: { required: 'Confirm that only you have access to this authenticator app' },
  nhsnetSoleAccess: {
    required: 'Confirm that only you have access to this NHS.net Connect account',
    nhsnetCancelled: 'You cancelled logging in to NHS.net Connect. Confirm and continue to try again',
    nhsnetFailed: 'We could not finish logging you in to NHS.net Connect. Confirm and continue to try again',
  },
  password: {
    passwordMissing: 'Enter a password',
    passwordTooShort: 'Password must be 12 characters or more',
    passwordTooLong: 'Password must be 128 characters or fewer',
    passwordCommon: 'This password is too common and easy to guess. Choose a different password',
    passwordContainsEmail: 'Password must not contain your email address',
    passwordContainsServiceName: 'Password must not contain the name of this service',
  },
  confirmPassword: {
    confirmationMissing: 'Confirm your password',
    confirmationMismatch: 'The passwords do not match',
  },
  appCode: {
    required: 'Enter the code from your authenticator app',
    format: 'The code must be 6 numbers',
    appCodeWrong: 'The code is not correct. Enter the code your authenticator app shows now',
    appCodeDrift:
      'The code is not correct. Check the date and time on your phone are set automatically, then enter the new code',
    appCodeReplayed: 'That code has already been used. Wait for your authenticator app to show a new code',
  },
  windowsHello: { required: 'Select yes if Windows Hello is set up on this computer' },
  cim: {
    cimStillLoggedIn: 'You are still logged in to Care Identity Management. Log out, then select continue',
  },
};

/** The message for a field's error code; `group` picks the wording when one field id means different things. */
export function errorMessage(group: string, code: ErrorCode): string {
  return byField[group]?.[code] ?? 'There is a problem with this answer';
}
