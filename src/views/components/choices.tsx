import { type Content, cx, describedBy, itemId } from './common.js';
import { ErrorMessage, Fieldset, Hint, Label, type LegendProps } from './typography.js';

export interface ChoiceItem {
  value: string;
  text: Content;
  hint?: Content;
  checked?: boolean;
  disabled?: boolean;
  /** Overrides the numbered id nhsuk-frontend would give the item. */
  id?: string;
  /** Revealed when the item is selected. */
  conditional?: Content;
}

export interface ChoicesProps {
  name: string;
  /** Prefix of the item ids; the first item's id is exactly this, so errors can link to it. Defaults to name. */
  idPrefix?: string;
  items: ChoiceItem[];
  fieldset?: { legend: LegendProps; describedBy?: string };
  hint?: Content;
  errorMessage?: Content | true;
  small?: boolean;
  inline?: boolean;
  classes?: string;
}

export interface RadiosProps extends ChoicesProps {
  /** The selected value. */
  value?: string;
}

export interface CheckboxesProps extends ChoicesProps {
  /** The selected values. */
  values?: string[];
}

type Kind = 'radios' | 'checkboxes';

function Choices(props: ChoicesProps & { kind: Kind; isChecked: (item: ChoiceItem) => boolean }) {
  const { kind } = props;
  const idPrefix = props.idPrefix ?? props.name;
  const hasError =
    props.errorMessage !== undefined && props.errorMessage !== false && props.errorMessage !== '';
  const hintId = props.hint === undefined ? undefined : `${idPrefix}-hint`;
  const errorId = hasError && props.errorMessage !== true ? `${idPrefix}-error` : undefined;
  const groupDescribedBy = describedBy(props.fieldset?.describedBy, hintId, errorId);

  const items = props.items.map((item, index) => {
    const id = item.id ?? itemId(idPrefix, index);
    const checked = props.isChecked(item);
    const itemHintId = item.hint === undefined ? undefined : `${id}-item-hint`;
    // Without a fieldset nothing else carries the group's hint and error, so each checkbox does.
    const itemDescribedBy =
      kind === 'checkboxes' && !props.fieldset ? describedBy(groupDescribedBy, itemHintId) : itemHintId;
    const conditionalId = `conditional-${id}`;
    return (
      <>
        <div class={`nhsuk-${kind}__item`}>
          <input
            class={`nhsuk-${kind}__input`}
            id={id}
            name={props.name}
            type={kind === 'radios' ? 'radio' : 'checkbox'}
            value={item.value}
            checked={checked}
            disabled={item.disabled}
            data-aria-controls={item.conditional === undefined ? undefined : conditionalId}
            aria-describedby={itemDescribedBy}
          />
          <Label text={item.text} for={id} classes={`nhsuk-${kind}__label`} />
          {itemHintId ? <Hint id={itemHintId} text={item.hint} classes={`nhsuk-${kind}__hint`} /> : null}
        </div>
        {item.conditional === undefined ? null : (
          <div
            class={cx(`nhsuk-${kind}__conditional`, !checked && `nhsuk-${kind}__conditional--hidden`)}
            id={conditionalId}
          >
            {item.conditional}
          </div>
        )}
      </>
    );
  });

  const inner = (
    <>
      {hintId ? <Hint id={hintId} text={props.hint} /> : null}
      {errorId ? <ErrorMessage id={errorId} text={props.errorMessage} /> : null}
      <div
        class={cx(
          `nhsuk-${kind}`,
          props.small && `nhsuk-${kind}--small`,
          props.inline && `nhsuk-${kind}--inline`,
          props.classes,
        )}
        data-module={`nhsuk-${kind}`}
      >
        {items}
      </div>
    </>
  );

  return (
    <div class={cx('nhsuk-form-group', hasError && 'nhsuk-form-group--error')}>
      {props.fieldset ? (
        <Fieldset legend={props.fieldset.legend} describedBy={groupDescribedBy}>
          {inner}
        </Fieldset>
      ) : (
        inner
      )}
    </div>
  );
}

export function Radios(props: RadiosProps) {
  return (
    <Choices
      {...props}
      kind="radios"
      isChecked={(item) => item.checked ?? (props.value !== undefined && item.value === props.value)}
    />
  );
}

export function Checkboxes(props: CheckboxesProps) {
  return (
    <Choices
      {...props}
      kind="checkboxes"
      isChecked={(item) => item.checked ?? props.values?.includes(item.value) ?? false}
    />
  );
}
