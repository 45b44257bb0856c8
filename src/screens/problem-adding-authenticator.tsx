import { Button } from '../views/components/index.js';
import { FIND_RA_URL, START_AGAIN_URL } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type ProblemAddingAuthenticatorProps = PageProps;

/** Deliberately generic: it never says which detail did not match. */
export function problemAddingAuthenticatorPage(_props: ProblemAddingAuthenticatorProps): PageView {
  const title = 'Problem adding authenticator';
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
          <a href={FIND_RA_URL}>Find your Registration Authority</a>
        </p>
        <Button text="Start again" href={START_AGAIN_URL} />
      </>
    ),
  };
}

export const problemAddingAuthenticatorScreen = staticScreen(
  'problem-adding-authenticator',
  problemAddingAuthenticatorPage,
);
