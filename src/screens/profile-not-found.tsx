import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type ProfileNotFoundProps = PageProps;

export function profileNotFoundPage(props: ProfileNotFoundProps): PageView {
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
          <a href={props.page.site.findRaUrl}>Find your Registration Authority</a>
        </p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const profileNotFoundScreen = staticScreen('profile-not-found', profileNotFoundPage);
