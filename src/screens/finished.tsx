import { JOURNEY_PREFIX } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type FinishedProps = PageProps;

/** Shown with no journey behind it: the journey was deleted when the person finished (or left the
 *  "added" page alone for 5 minutes), so it says nothing about who they are or what they added. */
export function finishedPage(_props: FinishedProps): PageView {
  const title = 'You have finished';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>Any authenticator you added is on your Care Identity profile and ready to use.</p>
        <p>We have deleted the answers you gave in this service.</p>
        <p class="nhsuk-body-l">You can now close this browser.</p>
        <p>
          To add an authenticator to a Care Identity profile,{' '}
          <a href={`${JOURNEY_PREFIX}/start`}>start again</a>.
        </p>
      </>
    ),
  };
}

export const finishedScreen = staticScreen('finished', finishedPage, { timeoutWarning: false });
