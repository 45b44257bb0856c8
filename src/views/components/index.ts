export { Button, type ButtonProps, type ButtonVariant, LinkButton } from './button.js';
export { Checkboxes, type CheckboxesProps, type ChoiceItem, Radios, type RadiosProps } from './choices.js';
export { type Content, cx, type Size } from './common.js';
export {
  Details,
  type DetailsProps,
  InsetText,
  type InsetTextProps,
  Panel,
  type PanelProps,
  WarningCallout,
  type WarningCalloutProps,
} from './content.js';
export { ErrorSummary, type ErrorSummaryItem, type ErrorSummaryProps } from './error-summary.js';
export { Form, type FormProps } from './form.js';
export { Input, type InputProps, type InputWidth, PasswordInput, type PasswordInputProps } from './input.js';
export { BackLink, Footer, type FooterProps, Header, type HeaderProps, SkipLink } from './navigation.js';
export {
  ErrorMessage,
  type ErrorMessageProps,
  Fieldset,
  type FieldsetProps,
  Hint,
  type HintProps,
  Label,
  type LabelProps,
  Legend,
  type LegendProps,
} from './typography.js';
