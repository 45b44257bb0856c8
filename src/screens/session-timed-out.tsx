import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type SessionTimedOutProps = PageProps;

export function sessionTimedOutPage(props: SessionTimedOutProps): PageView {
  const title = 'Your session has ended';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>
          We have deleted your answers because you did not do anything for a while, or took too long in total.
        </p>
        <p>Any authenticator you finished adding is still on your Care Identity profile.</p>
        <p>To add an authenticator, you need to start again.</p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const sessionTimedOutScreen = staticScreen('session-timed-out', sessionTimedOutPage);
