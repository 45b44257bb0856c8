import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type ProblemAddingAuthenticatorProps = PageProps;

/** Deliberately generic: it never says which detail did not match. */
export function problemAddingAuthenticatorPage(props: ProblemAddingAuthenticatorProps): PageView {
  const title = 'Problem adding authenticator';
  const { site } = props.page;
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>We could not add an authenticator to your Care Identity profile.</p>
        <h2 class="nhsuk-heading-m">Why this can happen</h2>
        <p>You might see this page if:</p>
        <ul>
          <li>you entered your email address or National Insurance number incorrectly</li>
          <li>you do not have a Care Identity profile</li>
          <li>your National Insurance number is not on your Care Identity profile</li>
          <li>the authenticator is already linked to a different Care Identity profile</li>
        </ul>
        <p>
          We use your National Insurance number to check your identity. If it was not added to your profile
          when the profile was set up, you cannot add an authenticator yourself.
        </p>
        <h2 class="nhsuk-heading-m">What you can do</h2>
        <p>
          If you think you entered the right email address and National Insurance number, contact your
          Registration Authority. It can save time to ask them to add the authenticator for you.
        </p>
        <p>
          <a href={site.findRaUrl}>Find your Registration Authority</a>
        </p>
        <h2 class="nhsuk-heading-m">If you do not have a Care Identity profile</h2>
        <p>
          You need a Care Identity profile before you can add an authenticator. Your Registration Authority
          can create one for you, with your National Insurance number on it.
        </p>
        <p>
          <a href={site.createProfileUrl}>Find out how to create a new profile</a>
        </p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const problemAddingAuthenticatorScreen = staticScreen(
  'problem-adding-authenticator',
  problemAddingAuthenticatorPage,
);
