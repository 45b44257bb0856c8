/**
 * Plain words for the tokens of journey-graph.ts: what a person did or what happened, in a few words.
 * Editorial, keyed by the statechart's event, guard, error code and end reason names; an empty phrase
 * is a step that decides nothing worth saying (a check that passed). test/docs/journey-docs.test.ts
 * fails when the statechart gains a token that has no words here.
 */
import { VARIANT_NAMES } from './journey-graph.js';

export const PHRASES: Record<string, string> = {
  // what a person does
  START_SELECTED: 'Start now',
  LOGGED_OUT_CONFIRMED: 'logged out',
  DETAILS_SUBMITTED: 'Continue',
  EMAIL_CODE_SUBMITTED: 'code entered',
  NEW_EMAIL_CODE_REQUESTED: 'new code sent',
  BACK_SELECTED: 'Back',
  AUTHENTICATOR_CHOSEN: 'Continue',
  SOLE_ACCESS_CONFIRMED: 'Continue',
  PASSWORD_CREATED: 'Continue',
  QR_SCANNED: 'Next',
  APP_CODE_SUBMITTED: 'Submit',
  NHSNET_CALLBACK_RECEIVED: 'back from login',
  PLATFORM_DETECTED: 'computer checked',
  PLATFORM_QUESTION_UNANSWERED: 'question not answered',
  PASSKEY_CREATED: 'passkey made on phone',
  PASSKEY_FAILED: 'passkey not made',
  ADD_ANOTHER_SELECTED: 'Add another',
  RETRY_SELECTED: 'Try again',
  FINISH_SELECTED: 'Finish',
  CHOOSE_ANOTHER_SELECTED: 'Choose another type',
  PASSKEY_INSTRUCTIONS_SWITCHED: 'My screen looks different',
  CLOCK_TICKED: '',
  // checks that pass say nothing
  captchaPassed: '',
  identityCheckAllowed: '',
  profileMatched: '',
  emailCodeMatched: '',
  isProfileActive: '',
  isSoleAccessConfirmed: '',
  passwordAccepted: '',
  hasAppSecret: '',
  appCodeValid: '',
  authenticatorAdded: '',
  nhsnetAccountVerified: '',
  passkeyVerified: '',
  'not:hasInvalidDetails': '',
  'not:hasReachedEmailCodeSendLimit': '',
  'not:isCimSessionPresent': '',
  'not:isCodeMalformed': '',
  'not:isNhsnetStateMismatch': '',
  'not:isPasskeyChallengeExpired': '',
  'not:hasAppSecret': '',
  // what went wrong, or which way
  isCimSessionPresent: 'still logged in',
  hasInvalidDetails: 'details not valid',
  isCaptchaMissing: 'image test not done',
  captchaFailed: 'image test failed',
  identityCheckLimit: 'too many checks',
  noProfileMatch: 'no matching profile',
  hasReachedEmailCodeSendLimit: 'too many codes sent',
  isNewEmailCodeTooSoon: 'code sent under 30 s ago',
  isCodeMalformed: 'not 6 digits',
  isEmailCodeExpired: 'code expired',
  wrongCode: 'wrong code',
  isLastWrongEmailCode: '5th wrong code',
  'identity.locked': '5th wrong code',
  profileNotUsable: 'profile closed or suspended',
  'isMethodChosen(method=app)': 'Authenticator app',
  'isMethodChosen(method=nhsnet)': 'NHS.net Connect',
  'isMethodChosen(method=passkey)': 'Passkey',
  isNhsnetChosenAgain: 'NHS.net Connect already added',
  required: 'nothing selected',
  'not:passwordAccepted': 'password not accepted',
  'not:appCodeValid': 'wrong code',
  isLastWrongAppCode: '5th wrong code',
  'not:authenticatorAdded': 'profile refused it',
  'authenticator.refused': 'profile refused it',
  isNhsnetStateMismatch: 'login answer not ours',
  isNhsnetCancelled: 'login cancelled',
  isNhsnetProviderError: 'NHS.net Connect down',
  'nhsnet.rejected': 'account not accepted',
  isPasskeyChallengeExpired: 'took too long',
  'isPasskeyError(name=NotAllowedError)': 'cancelled or timed out',
  'isPasskeyError(name=InvalidStateError)': 'already on this phone',
  passkeyFailed: 'passkey failed',
  isAlreadyOnProfile: 'already on profile',
  isWindowsHelloCredential: 'saved to Windows Hello',
  'passkey:verification': 'passkey not verified',
  isJourneyTimedOut: '30 min idle or 60 min in all',
  outage: 'a service is down',
  'identity.lockFailed': '5th wrong code',
  'nhsnet.unavailable': 'NHS.net Connect down',
  finished: 'Finish',
  isAddedPageIdle: '5 min idle after adding',
  hasUsedAllLateFailures: '3rd failure after adding',
  'not:hasUsedAllLateFailures': '',
  'lateFailureWas(method=app)': 'Authenticator app',
  'lateFailureWas(method=nhsnet)': 'NHS.net Connect',
  'not:lateFailureWas(method=app)': '',
  isSaveOutcome: 'profile refused it',
  isNhsnetOrganisationRefused: 'account not from an allowed organisation',
  nhsnetFailed: 'login not accepted',
  'passkey.verificationFailed': 'passkey not verified',
  'nhsnet:profileNotUsable': 'profile closed or suspended',
  'passkey:profileNotUsable': 'profile closed or suspended',
};

function phrase(token: string): string | undefined {
  if (token.startsWith('variant:')) {
    return VARIANT_NAMES.get(token.slice('variant:'.length));
  }
  // Try again resumes where the journey was: which step is in the diagram already.
  if (token.startsWith('resumesAt(')) return '';
  return PHRASES[token];
}

/** Tokens with no words: a new event, guard, code or reason in the statechart. */
export function unknownTokens(tokens: Iterable<string>): string[] {
  return [...new Set(tokens)].filter((t) => phrase(t) === undefined).sort();
}

/** The words of one way: what decided it (the last token that says something). */
export function wayLabel(way: string[]): string {
  for (let i = way.length - 1; i >= 0; i--) {
    const words = phrase(way[i] as string) ?? (way[i] as string);
    if (words) return words;
  }
  return '';
}

/** The label of a link: the distinct words of its ways. */
export function linkLabel(ways: string[][], separator = ' / '): string {
  return [...new Set(ways.map(wayLabel).filter(Boolean))].join(separator);
}
