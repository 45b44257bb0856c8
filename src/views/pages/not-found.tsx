import type { PageProps, PageView } from '../types.js';
import { journeyAction } from './shared.js';

export type NotFoundProps = PageProps;

export function notFoundPage(_props: NotFoundProps): PageView {
  const title = 'Page not found';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>If you entered a web address, check it was correct.</p>
        <p>If you pasted the web address, check you copied the entire address.</p>
        <p>
          <a href={journeyAction('start')}>Go to the start of Add an authenticator</a>
        </p>
      </>
    ),
  };
}
