import { type Content, cx } from './common.js';

export type ButtonVariant = 'secondary' | 'secondary-solid' | 'reverse' | 'warning' | 'login';

export interface ButtonProps {
  text: Content;
  variant?: ButtonVariant;
  small?: boolean;
  /** Renders a link that looks like a button. */
  href?: string;
  type?: 'submit' | 'button' | 'reset';
  id?: string;
  name?: string;
  value?: string;
  disabled?: boolean;
  preventDoubleClick?: boolean;
  classes?: string;
  hidden?: boolean;
}

export function Button(props: ButtonProps) {
  const classes = cx(
    'nhsuk-button',
    props.variant && `nhsuk-button--${props.variant}`,
    props.small && 'nhsuk-button--small',
    props.classes,
  );
  const preventDoubleClick =
    props.preventDoubleClick === undefined ? undefined : String(props.preventDoubleClick);
  if (props.href !== undefined) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: nhsuk-frontend's link styled as a button carries role="button"
      <a
        class={classes}
        id={props.id}
        data-module="nhsuk-button"
        data-prevent-double-click={preventDoubleClick}
        href={props.href}
        role="button"
        draggable="false"
        hidden={props.hidden}
      >
        {props.text}
      </a>
    );
  }
  return (
    <button
      class={classes}
      id={props.id}
      name={props.name}
      data-module="nhsuk-button"
      data-prevent-double-click={preventDoubleClick}
      type={props.type ?? 'submit'}
      value={props.value}
      disabled={props.disabled}
      aria-disabled={props.disabled ? 'true' : undefined}
      hidden={props.hidden}
    >
      {props.text}
    </button>
  );
}

/**
 * A submit button that reads as a link, for secondary actions such as "Send a new code"
 * that must still be a POST. nhsuk-frontend styles button.nhsuk-link for this.
 */
export function LinkButton(props: { text: Content; id?: string }) {
  return (
    <button class="nhsuk-link" id={props.id} type="submit">
      {props.text}
    </button>
  );
}
