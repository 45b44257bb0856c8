import { Button } from '../views/components/index.js';
import { START_AGAIN_URL } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type SessionTimedOutProps = PageProps;

export function sessionTimedOutPage(_props: SessionTimedOutProps): PageView {
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
        <Button text="Start again" href={START_AGAIN_URL} />
      </>
    ),
  };
}

export const sessionTimedOutScreen = staticScreen('session-timed-out', sessionTimedOutPage);
