import { Button, Checkboxes, Form } from '../components/index.js';
import type { FormPageProps } from '../types.js';
import { errorFor, journeyAction } from './shared.js';

/** The instructions pages of an authenticator app and of NHS.net Connect: one "only I have access" box. */
export interface SoleAccessPageProps extends FormPageProps {
  values?: { soleAccess?: boolean };
}

export const SOLE_ACCESS_FIELD = 'soleAccess';

/** The form of the page at `view`: its hint, and the label of its one box. */
export function SoleAccessForm(props: {
  view: string;
  page: SoleAccessPageProps;
  hint: string;
  label: string;
}) {
  const { errors, values } = props.page;
  return (
    <Form action={journeyAction(props.view)} csrfToken={props.page.page.csrfToken}>
      <Checkboxes
        name="soleAccess"
        idPrefix={SOLE_ACCESS_FIELD}
        fieldset={{ legend: { text: 'Confirm your access', size: 'm' } }}
        hint={props.hint}
        errorMessage={errorFor(errors, SOLE_ACCESS_FIELD)}
        values={values?.soleAccess ? ['yes'] : []}
        items={[{ value: 'yes', text: props.label }]}
      />
      <Button text="Continue" preventDoubleClick />
    </Form>
  );
}
