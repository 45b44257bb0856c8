import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type ContactRegistrationAuthorityProps = PageProps;

/** The end of a journey whose email was proven: only the Registration Authority can help now. It never
 *  asks the person to check their email address or National Insurance number (they were right). */
export function contactRegistrationAuthorityPage(props: ContactRegistrationAuthorityProps): PageView {
  const title = 'Contact your Registration Authority to add an authenticator';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>We could not add an authenticator to your Care Identity profile.</p>
        <p>
          Your Registration Authority can add it for you, or tell you why it cannot be added. Any
          authenticator you added before this one is still on your profile.
        </p>
        <p>
          <a href={props.page.site.findRaUrl}>Find your Registration Authority</a>
        </p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const contactRegistrationAuthorityScreen = staticScreen(
  'contact-registration-authority',
  contactRegistrationAuthorityPage,
);
