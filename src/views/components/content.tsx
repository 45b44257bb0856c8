import { type Content, cx } from './common.js';

export interface PanelProps {
  heading: Content;
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
  children?: Content;
  classes?: string;
}

export function Panel(props: PanelProps) {
  const Heading = `h${props.headingLevel ?? 1}` as const;
  return (
    <div class={cx('nhsuk-panel', props.classes)}>
      <Heading class="nhsuk-panel__heading">{props.heading}</Heading>
      {props.children === undefined ? null : <div class="nhsuk-panel__body">{props.children}</div>}
    </div>
  );
}

export interface InsetTextProps {
  /** Plain text is wrapped in a paragraph; use children for richer content. */
  text?: string;
  children?: Content;
  id?: string;
  role?: string;
}

export function InsetText(props: InsetTextProps) {
  return (
    <div class="nhsuk-inset-text" id={props.id} role={props.role}>
      <span class="nhsuk-u-visually-hidden">Information: </span>
      {props.text === undefined ? props.children : <p>{props.text}</p>}
    </div>
  );
}

export interface WarningCalloutProps {
  heading?: string;
  /** Plain text is wrapped in a card description paragraph; children are used as they are. */
  text?: string;
  children?: Content;
}

export function WarningCallout(props: WarningCalloutProps) {
  const heading = props.heading ?? 'Important';
  // Screen readers hear "Important:" before a heading that does not already say so.
  const needsPrefix = !/important/i.test(heading);
  return (
    <div class="nhsuk-card nhsuk-card--warning">
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading">
          {needsPrefix ? (
            // biome-ignore lint/a11y/useValidAriaRole: nhsuk-frontend uses role="text" so the prefix is read with the heading
            <span role="text">
              <span class="nhsuk-u-visually-hidden">Important: </span>
              {heading}
            </span>
          ) : (
            heading
          )}
        </h3>
        {props.text === undefined ? props.children : <p class="nhsuk-card__description">{props.text}</p>}
      </div>
    </div>
  );
}

export interface DetailsProps {
  summary: Content;
  children?: Content;
  open?: boolean;
  id?: string;
  classes?: string;
}

export function Details(props: DetailsProps) {
  return (
    <details class={cx('nhsuk-details', props.classes)} id={props.id} open={props.open}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">{props.summary}</span>
      </summary>
      <div class="nhsuk-details__text">{props.children}</div>
    </details>
  );
}
