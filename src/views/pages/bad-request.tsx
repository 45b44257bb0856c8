import type { PageProps, PageView } from '../types.js';
import { journeyAction } from './shared.js';

export type BadRequestProps = PageProps;

/** A request the service could not accept (a form that was changed, sent twice or from elsewhere). Nothing was lost. */
export function badRequestPage(_props: BadRequestProps): PageView {
  const title = 'Sorry, we could not accept that request';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>The page you sent was out of date or incomplete. Your answers have not been changed.</p>
        <p>
          <a href={journeyAction('start')}>Go back to where you were</a>
        </p>
      </>
    ),
  };
}
