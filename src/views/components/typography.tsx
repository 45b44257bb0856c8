import { type Content, cx, type Size } from './common.js';

export interface LabelProps {
  text: Content;
  for?: string;
  size?: Size;
  /** Wraps the label in an h1, as nhsuk-frontend does for one-question pages. */
  isPageHeading?: boolean;
  classes?: string;
}

export function Label(props: LabelProps) {
  const label = (
    <label
      class={cx('nhsuk-label', props.size && `nhsuk-label--${props.size}`, props.classes)}
      for={props.for}
    >
      {props.text}
    </label>
  );
  return props.isPageHeading ? <h1 class="nhsuk-label-wrapper">{label}</h1> : label;
}

export interface HintProps {
  id?: string;
  text: Content;
  classes?: string;
}

export function Hint(props: HintProps) {
  return (
    <div class={cx('nhsuk-hint', props.classes)} id={props.id}>
      {props.text}
    </div>
  );
}

export interface ErrorMessageProps {
  id?: string;
  text: Content;
}

export function ErrorMessage(props: ErrorMessageProps) {
  return (
    <span class="nhsuk-error-message" id={props.id}>
      <span class="nhsuk-u-visually-hidden">Error: </span>
      {props.text}
    </span>
  );
}

export interface LegendProps {
  text: Content;
  size?: Size;
  isPageHeading?: boolean;
  caption?: Content;
  /** Extra classes, for example nhsuk-u-visually-hidden when the page's h1 asks the question already. */
  classes?: string;
}

export function Legend(props: LegendProps) {
  const caption =
    props.caption === undefined ? null : (
      <span class={`nhsuk-caption-${props.size ?? 'm'}`}>{props.caption}</span>
    );
  return (
    <legend
      class={cx(
        'nhsuk-fieldset__legend',
        props.size && `nhsuk-fieldset__legend--${props.size}`,
        props.classes,
      )}
    >
      {props.isPageHeading ? (
        <h1 class="nhsuk-fieldset__heading">
          {caption}
          {props.text}
        </h1>
      ) : (
        <>
          {caption}
          {props.text}
        </>
      )}
    </legend>
  );
}

export interface FieldsetProps {
  legend?: LegendProps;
  describedBy?: string;
  classes?: string;
  children?: Content;
}

export function Fieldset(props: FieldsetProps) {
  return (
    <fieldset class={cx('nhsuk-fieldset', props.classes)} aria-describedby={props.describedBy}>
      {props.legend ? <Legend {...props.legend} /> : null}
      {props.children}
    </fieldset>
  );
}
