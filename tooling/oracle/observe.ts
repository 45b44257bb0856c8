/**
 * The journey's side of the comparison: what a person sees after a request, read from the running
 * statechart through the screens (src/screens presenters turn its error codes into the messages of
 * the error summary) and from the in-test services (which of them did something lasting).
 */
import type { JourneyServices, JourneySnapshot } from '../../src/machine/index.js';
import { pageScreenOf } from '../../src/screens/index.js';
import type { ScreenDeps } from '../../src/screens/screen.js';
import { type Seen, SHOWN } from './classify.js';
import {
  type Effect,
  LATE_REASONS,
  type LateReason,
  type Method,
  notAddedBecause,
  waitFor,
} from './table.js';

/** The screens' dependencies, with the clock of the request being looked at. */
const depsAt = (now: number): ScreenDeps => ({
  captcha: () => ({ kind: 'dev', challengeId: 'challenge', imageSvg: '<svg></svg>' }),
  describeTotp: () => ({ uri: 'otpauth://totp/test', key: 'ABCD' }),
  renderQr: async () => '<svg></svg>',
  now: () => now,
});

/** Wraps the services so that each lasting effect they have is written down. */
export function recordEffects(services: JourneyServices, effects: Effect[]): JourneyServices {
  return {
    ...services,
    sendEmailCode: async (input) => {
      const out = await services.sendEmailCode(input);
      effects.push('email code sent');
      return out;
    },
    lockIdentity: async (input) => {
      const out = await services.lockIdentity(input);
      effects.push('email and NI number locked for 15 minutes');
      return out;
    },
    saveAuthenticator: async (input) => {
      const out = await services.saveAuthenticator(input);
      if (out.outcome === 'added') effects.push('authenticator saved, notification and audit');
      return out;
    },
  };
}

/** The page, its error summary and what else the step decided it shows, at the request's time. */
export async function observe(
  view: string | null,
  snapshot: JourneySnapshot,
  effects: readonly Effect[],
  now: number,
): Promise<Seen> {
  const screen = view ? pageScreenOf(view) : undefined;
  const props = (screen ? await screen.present(snapshot, depsAt(now)) : {}) as {
    errors?: { message: string }[];
    error?: string;
    variant?: string;
    alreadyAdded?: { nhsnet?: boolean };
    newCodeMessage?: string;
    method?: Method;
    reason?: string;
    waitMinutes?: number | null;
  };
  // passkey-register gives its error as a code the page words (src/screens/passkey-register.tsx).
  let errors = (props.errors ?? []).map((e) => e.message);
  if (view === 'passkey-register' && screen) {
    const page = screen.page({ ...(props as object), page: PAGE_CONTEXT } as never);
    errors = (page.errors ?? []).map((e) => e.message);
  }
  const shows: string[] = [];
  if (props.alreadyAdded?.nhsnet) shows.push(SHOWN.nhsnetTaken);
  if (view === 'passkey-register') shows.push(props.variant === 'windowsHello' ? SHOWN.type2 : SHOWN.type1);
  if (props.newCodeMessage) shows.push(SHOWN.newCode);
  if (view === 'authenticator-not-added' && props.method)
    shows.push(
      props.reason && props.reason in LATE_REASONS
        ? notAddedBecause(props.method, props.reason as LateReason)
        : `not added: the ${props.method}, for a reason SPEC does not name (${props.reason})`,
    );
  if (view === 'too-many-attempts') shows.push(waitFor(props.waitMinutes ?? null));
  return { page: (view ?? 'no page') as Seen['page'], errors, effects: [...effects], shows };
}

const PAGE_CONTEXT = {
  phase: 'development',
  csrfToken: 'token',
  nonce: 'nonce',
  backLink: null,
  timeoutWarning: null,
  serviceName: 'Add an authenticator',
};

/** The two answers side by side, in one line each; null when they agree. */
export function difference(expected: Seen, actual: Seen): string | null {
  const norm = (s: Seen) =>
    JSON.stringify({
      page: s.page,
      errors: s.errors,
      effects: [...s.effects].sort(),
      shows: [...s.shows].sort(),
    });
  return norm(expected) === norm(actual)
    ? null
    : `SPEC says ${norm(expected)}; the journey gives ${norm(actual)}`;
}
