import type { Content } from './common.js';

export interface ErrorSummaryItem {
  text: Content;
  /** Usually `#<input id>`; without it the item is shown as text. */
  href?: string;
}

export interface ErrorSummaryProps {
  errors: ErrorSummaryItem[];
  heading?: Content;
  description?: Content;
  disableAutoFocus?: boolean;
}

/** nhsuk-frontend's JS (data-module) moves focus to the summary when the page loads. */
export function ErrorSummary(props: ErrorSummaryProps) {
  return (
    <div
      class="nhsuk-error-summary"
      data-module="nhsuk-error-summary"
      data-disable-auto-focus={
        props.disableAutoFocus === undefined ? undefined : String(props.disableAutoFocus)
      }
    >
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">{props.heading ?? 'There is a problem'}</h2>
        <div class="nhsuk-error-summary__body">
          {props.description === undefined ? null : <p>{props.description}</p>}
          {props.errors.length > 0 ? (
            <ul class="nhsuk-list nhsuk-error-summary__list">
              {props.errors.map((error) => (
                <li>{error.href === undefined ? error.text : <a href={error.href}>{error.text}</a>}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}
