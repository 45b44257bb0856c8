import { Button, Form, Radios } from '../views/components/index.js';
import { errorFor, journeyAction, PageErrorSummary } from '../views/pages/shared.js';
import type { FormPageProps, PageView } from '../views/types.js';
import { fieldErrors, form, pageScreen } from './screen.js';

export type AuthenticatorChoice = 'app' | 'nhsnet' | 'passkey';

export interface ChooseAuthenticatorProps extends FormPageProps {
  /** Methods the profile already has that cannot be added twice. */
  alreadyAdded: { nhsnet: boolean };
  /** Methods added during this journey, in order. */
  added: string[];
  values?: { method?: string };
}

export const METHOD_FIELD = 'method';

const METHOD_NAMES: Record<string, string> = {
  app: 'an authenticator app',
  nhsnet: 'your NHS.net Connect account',
  passkey: 'a passkey',
};

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function chooseAuthenticatorPage(props: ChooseAuthenticatorProps): PageView {
  const { errors } = props;
  const title = 'What type of authenticator do you want to add?';
  const added = props.added.map((method) => METHOD_NAMES[method] ?? method);
  const nhsnetTaken = props.alreadyAdded.nhsnet;
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        {/* The heading first, then what was added: the question is the h1, and the legend repeats it
            for screen readers only (the NHS.UK way when something sits between heading and choices). */}
        <h1 class="nhsuk-heading-l">{title}</h1>
        {added.length > 0 ? (
          <p class="nhsuk-body-l">You have added {listInWords(added)} to your Care Identity profile.</p>
        ) : null}
        <Form action={journeyAction('choose-authenticator')} csrfToken={props.page.csrfToken}>
          <Radios
            name="method"
            idPrefix={METHOD_FIELD}
            fieldset={{ legend: { text: title, classes: 'nhsuk-u-visually-hidden' } }}
            // Said above the choices, not in the disabled item's hint: that hint is dimmed below readable contrast.
            hint={
              nhsnetTaken
                ? 'Already added to your Care Identity profile: NHS.net Connect. You can only add 1 NHS.net Connect account.'
                : undefined
            }
            errorMessage={errorFor(errors, METHOD_FIELD)}
            value={props.values?.method}
            items={[
              {
                value: 'app',
                text: 'Authenticator app',
                hint: 'Use an app on your phone or tablet, such as Microsoft Authenticator or Google Authenticator, with a password.',
              },
              {
                value: 'nhsnet',
                text: nhsnetTaken ? 'NHS.net Connect (already added)' : 'NHS.net Connect',
                hint: nhsnetTaken
                  ? undefined
                  : 'Log in with your NHS.net Connect account (previously called NHSmail).',
                disabled: nhsnetTaken,
                checked: nhsnetTaken ? false : undefined,
              },
              {
                value: 'passkey',
                text: 'Passkey',
                hint: "Use your phone or tablet's fingerprint, face or screen lock.",
              },
            ]}
          />
          <Button text="Continue" preventDoubleClick />
        </Form>
      </>
    ),
  };
}

export const chooseAuthenticatorScreen = pageScreen({
  view: 'choose-authenticator',
  forms: {
    '': form({
      required: [],
      optional: ['method'],
      events: ['AUTHENTICATOR_CHOSEN'],
      // Nothing chosen posts no field; the statechart says that is an error.
      toEvent: (f) => ({ type: 'AUTHENTICATOR_CHOSEN', method: f.method ?? '' }),
      toFields: (e): Record<string, string> => (e.method ? { method: e.method } : {}),
    }),
  },
  present: (snapshot) => {
    const ctx = snapshot.context;
    return {
      alreadyAdded: { nhsnet: !!ctx.profile?.hasNhsnet || ctx.added.some((a) => a.method === 'nhsnet') },
      added: ctx.added.map((a) => a.method),
      errors: fieldErrors(snapshot, {
        method: {
          id: METHOD_FIELD,
          messages: {
            required: 'Select the type of authenticator you want to add',
            nhsnetAlreadyAdded:
              'An NHS.net Connect account is already added to your profile. Select another type',
          },
        },
      }),
    };
  },
  page: chooseAuthenticatorPage,
  sample: {
    props: { alreadyAdded: { nhsnet: false }, added: [] },
    errors: [{ field: METHOD_FIELD, message: 'Select the type of authenticator you want to add' }],
  },
});
