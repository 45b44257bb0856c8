import { Button } from '../views/components/index.js';
import { FIND_RA_URL, START_AGAIN_URL } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type ProfileNotFoundProps = PageProps;

export function profileNotFoundPage(_props: ProfileNotFoundProps): PageView {
  const title = 'Your Care Identity profile could not be found';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>We could not find an active Care Identity profile for the details you entered.</p>
        <p>Your profile may have been closed or suspended.</p>
        <p>
          Contact your Registration Authority to check your profile.{' '}
          <a href={FIND_RA_URL}>Find your Registration Authority</a>
        </p>
        <Button text="Start again" href={START_AGAIN_URL} />
      </>
    ),
  };
}

export const profileNotFoundScreen = staticScreen('profile-not-found', profileNotFoundPage);
