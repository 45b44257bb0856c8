import { StartAgainButton } from '../views/pages/shared.js';
import type { PageProps, PageView } from '../views/types.js';
import { staticScreen } from './screen.js';

export type TooManyAttemptsProps = PageProps;

export function tooManyAttemptsPage(props: TooManyAttemptsProps): PageView {
  const title = 'You have tried too many times';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>For your security, you cannot continue at the moment.</p>
        <p>Wait 15 minutes, then start again.</p>
        <p>
          If you keep having problems,{' '}
          <a href={props.page.site.findRaUrl}>contact your Registration Authority</a>.
        </p>
        <StartAgainButton csrfToken={props.page.csrfToken} />
      </>
    ),
  };
}

export const tooManyAttemptsScreen = staticScreen('too-many-attempts', tooManyAttemptsPage);
