import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { type ModelOf, pageScreen } from './screen.js';

export interface TooManyAttemptsProps extends PageProps {
  /** Whole minutes (rounded up) until the limit that refused the person lets them try again; null when
   *  they may start again now (a limit of the journey they were in, such as wrong app codes). */
  waitMinutes: number | null;
}

const MINUTE_MS = 60_000;

/** Whole minutes from now until `retryAt`, rounded up; null once it has passed (or there is none). */
export function minutesUntil(retryAt: number | null, now: number): number | null {
  if (retryAt === null || retryAt <= now) return null;
  return Math.ceil((retryAt - now) / MINUTE_MS);
}

export function tooManyAttemptsPage(props: TooManyAttemptsProps): PageView {
  const title = 'You have tried too many times';
  const minutes = props.waitMinutes;
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>For your security, you cannot continue at the moment.</p>
        {minutes === null ? (
          <p>You can start again now.</p>
        ) : (
          <p>
            Wait {minutes} {minutes === 1 ? 'minute' : 'minutes'}, then start again.
          </p>
        )}
        <p>
          If you keep having problems,{' '}
          <a href={props.page.site.findRaUrl}>contact your Registration Authority</a>.
        </p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const tooManyAttemptsScreen = pageScreen({
  view: 'too-many-attempts',
  forms: {},
  present: ({ context }, deps): ModelOf<TooManyAttemptsProps> => ({
    waitMinutes: minutesUntil(context.problems.retryAt, deps.now()),
  }),
  page: tooManyAttemptsPage,
  sample: { props: { waitMinutes: 15 } },
});
