/**
 * Tours for the data variants: the paths planned per transition take each transition once, with the
 * first payload and the first service answer that reach it, so the classes of data that change what a
 * person sees (each demo profile kind, each platform of the passkey branch, each way a code is wrong)
 * get journeys of their own. A tour names its steps by their catalogue labels; a busy journey between
 * two named steps takes each service's first answer. Which oracle rows the paths reach is counted by
 * the oracle itself (`variants covered`), so a tour that stops reaching its row shows there.
 */
import type { JourneyInput } from '../../src/machine/index.js';
import { fullCatalogue } from './catalogue.js';
import { journeyInput, type PlannedPath, replay } from './plan.js';
import { createStepper, isBusySnapshot, type PlanStep } from './steps.js';

const START = 'START_SELECTED (no Care Identity session)';
const DETAILS = 'DETAILS_SUBMITTED (valid)';
const RIGHT_CODE = 'EMAIL_CODE_SUBMITTED (right code)';
const profile = (kind: string) => `done: findProfile (profile=${kind})`;
const IDENTITY_PASSED = ['done: verifyCaptcha (captcha=pass)', 'done: consumeIdentityCheck (limiter=allow)'];
const PROVEN = [START, DETAILS, RIGHT_CODE];
const passkeyOn = (platform: string) => [
  'AUTHENTICATOR_CHOSEN (passkey)',
  `PLATFORM_DETECTED (${platform})`,
  'PASSKEY_CREATED',
];

export const TOURS: { name: string; steps: string[] }[] = [
  {
    name: 'enter-details: a never-issued NI number, then nothing at all',
    steps: [
      START,
      'DETAILS_SUBMITTED (bad NI number: the never-issued QQ example)',
      'DETAILS_SUBMITTED (all empty)',
    ],
  },
  {
    name: 'a profile without an NI number is never matched',
    steps: [START, DETAILS, ...IDENTITY_PASSED, profile('noNiNumber')],
  },
  {
    name: "the profile's second email address; a passkey on Windows without Windows Hello",
    steps: [
      START,
      "DETAILS_SUBMITTED (valid, the profile's second email address)",
      RIGHT_CODE,
      ...passkeyOn('Windows without Windows Hello'),
    ],
  },
  {
    name: 'NHS.net Connect already on the profile; a platform passkey on a computer that is not Windows',
    steps: [
      START,
      DETAILS,
      ...IDENTITY_PASSED,
      profile('activeWithNhsnet'),
      RIGHT_CODE,
      'AUTHENTICATOR_CHOSEN (nhsnet)',
      ...passkeyOn('not Windows'),
      'done: verifyPasskey (passkeyVerify=windowsHello)',
    ],
  },
  {
    name: 'a closed profile learns it only after the email is proven',
    steps: [START, DETAILS, ...IDENTITY_PASSED, profile('closed'), RIGHT_CODE],
  },
  {
    name: 'details sent again for a new code; an empty code; a new code while mail is down',
    steps: [
      START,
      DETAILS,
      'BACK_SELECTED',
      'DETAILS_SUBMITTED (valid, 31 s later)',
      'EMAIL_CODE_SUBMITTED (empty)',
      'NEW_EMAIL_CODE_REQUESTED (31 s later)',
      'error: sendEmailCode (mail=down)',
    ],
  },
  {
    name: 'authenticator app: confirmation mismatch, empty, drifted and used codes',
    steps: [
      ...PROVEN,
      'AUTHENTICATOR_CHOSEN (app)',
      'SOLE_ACCESS_CONFIRMED (ticked)',
      'PASSWORD_CREATED',
      'done: checkPassword (password=mismatch)',
      'PASSWORD_CREATED',
      'QR_SCANNED',
      'APP_CODE_SUBMITTED (empty)',
      'APP_CODE_SUBMITTED (clock drift)',
      'APP_CODE_SUBMITTED (code already used)',
    ],
  },
  {
    name: 'passkey without JavaScript',
    steps: [...PROVEN, ...passkeyOn('no JavaScript, answered that Windows Hello is not set up')],
  },
];

/** The steps of a tour, found by label; services answer first-way between named steps. */
function tourSteps(input: JourneyInput, labels: readonly string[], name: string): PlanStep[] {
  const stepper = createStepper();
  let s = stepper.initial(input);
  const out: PlanStep[] = [];
  const take = (step: PlanStep) => {
    out.push(step);
    s = stepper.apply(s, step);
  };
  for (const label of labels) {
    for (;;) {
      const offered = fullCatalogue(s);
      const found = offered.find((step) => step.label === label);
      if (found) {
        take(found);
        break;
      }
      const [first] = offered;
      if (!isBusySnapshot(s) || !first) throw new Error(`tour "${name}": no step "${label}" here`);
      take(first);
    }
  }
  while (isBusySnapshot(s)) take(fullCatalogue(s)[0] as PlanStep);
  return out;
}

/** The tours as paths; a tour the statechart no longer lets through is a failure, said as such. */
export function planVariantTours(): { paths: PlannedPath[]; problems: string[] } {
  const input = journeyInput(false);
  const paths: PlannedPath[] = [];
  const problems: string[] = [];
  for (const t of TOURS) {
    try {
      paths.push(replay(input, tourSteps(input, t.steps, t.name), `variant: ${t.name}`));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { paths, problems };
}
