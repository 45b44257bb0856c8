import { type Content, cx, describedBy } from './common.js';
import { ErrorMessage, Hint, Label, type LabelProps } from './typography.js';

export type InputWidth = 2 | 3 | 4 | 5 | 10 | 20 | 30;
type InputMode = 'none' | 'text' | 'tel' | 'url' | 'email' | 'numeric' | 'decimal' | 'search';
type AutoCapitalize = 'off' | 'none' | 'on' | 'sentences' | 'words' | 'characters';

export interface InputProps {
  id: string;
  name: string;
  label: Omit<LabelProps, 'for'>;
  hint?: Content;
  /** Message text, or true to style the field as in error without a message. */
  errorMessage?: Content | true;
  type?: string;
  value?: string;
  width?: InputWidth;
  /** Monospaced, spaced-out characters for codes and reference numbers. */
  code?: boolean;
  classes?: string;
  autocomplete?: string;
  autocapitalize?: AutoCapitalize;
  inputmode?: InputMode;
  spellcheck?: boolean;
  pattern?: string;
  disabled?: boolean;
  /** Extra classes and attributes on the form group (the password input uses them). */
  formGroup?: { classes?: string; attributes?: Record<string, string> };
  /** Rendered after the input inside an nhsuk-input-wrapper (the password input's toggle button). */
  afterInput?: Content;
}

function hasError(errorMessage: InputProps['errorMessage']): boolean {
  return errorMessage !== undefined && errorMessage !== null && errorMessage !== false && errorMessage !== '';
}

export function Input(props: InputProps) {
  const error = hasError(props.errorMessage);
  const hintId = props.hint === undefined ? undefined : `${props.id}-hint`;
  const errorId = error && props.errorMessage !== true ? `${props.id}-error` : undefined;
  const input = (
    <input
      class={cx(
        'nhsuk-input',
        props.code && 'nhsuk-input--code',
        error && 'nhsuk-input--error',
        props.width && `nhsuk-input--width-${props.width}`,
        props.classes,
      )}
      id={props.id}
      name={props.name}
      type={props.type ?? 'text'}
      spellcheck={props.spellcheck}
      value={props.value}
      disabled={props.disabled}
      aria-describedby={describedBy(hintId, errorId)}
      autocomplete={props.autocomplete}
      autocapitalize={props.autocapitalize}
      pattern={props.pattern}
      inputmode={props.inputmode}
    />
  );
  return (
    <div
      class={cx('nhsuk-form-group', error && 'nhsuk-form-group--error', props.formGroup?.classes)}
      {...props.formGroup?.attributes}
    >
      <Label {...props.label} for={props.id} />
      {hintId ? <Hint id={hintId} text={props.hint} /> : null}
      {errorId ? <ErrorMessage id={errorId} text={props.errorMessage} /> : null}
      {props.afterInput === undefined ? (
        input
      ) : (
        <div class="nhsuk-input-wrapper">
          {input}
          {props.afterInput}
        </div>
      )}
    </div>
  );
}

export interface PasswordInputProps {
  id: string;
  name: string;
  label: Omit<LabelProps, 'for'>;
  hint?: Content;
  errorMessage?: Content | true;
  autocomplete?: 'current-password' | 'new-password';
  width?: InputWidth;
}

/**
 * nhsuk-frontend's password input: the toggle starts hidden and the component's JS
 * reveals it, so without JavaScript it is a plain password field. Values are never
 * written back into the page.
 */
export function PasswordInput(props: PasswordInputProps) {
  return (
    <Input
      id={props.id}
      name={props.name}
      label={props.label}
      hint={props.hint}
      errorMessage={props.errorMessage}
      width={props.width}
      type="password"
      spellcheck={false}
      autocomplete={props.autocomplete ?? 'current-password'}
      autocapitalize="none"
      classes="nhsuk-password-input__input nhsuk-js-password-input-input"
      formGroup={{ classes: 'nhsuk-password-input', attributes: { 'data-module': 'nhsuk-password-input' } }}
      afterInput={
        <button
          class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-password-input__toggle nhsuk-js-password-input-toggle"
          data-module="nhsuk-button"
          type="button"
          aria-label="Show password"
          aria-controls={props.id}
          hidden
        >
          Show
        </button>
      }
    />
  );
}
