import type { Child } from 'hono/jsx';
import { Button, ErrorSummary, Form, LinkButton } from '../components/index.js';
import type { FieldError, PageView } from '../types.js';

export const JOURNEY_PREFIX = '/add-authenticator';
export const AAL2_SERVICES_URL =
  'https://digital.nhs.uk/services/care-identity-service/applications-and-services/aal2-enabled-services';
export const START_AGAIN_URL = `${JOURNEY_PREFIX}/start-again`;

/** "Start again" ends the journey, so it is a form post with the form token, never a link. */
export function StartAgainButton(props: { csrfToken: string }) {
  return (
    <Form action={START_AGAIN_URL} csrfToken={props.csrfToken}>
      <Button text="Start again" />
    </Form>
  );
}

/** "Start again" where the page offers it as a secondary action: a button that reads as a link. */
export function StartAgainLink(props: { csrfToken: string }) {
  return (
    <Form action={START_AGAIN_URL} csrfToken={props.csrfToken}>
      <p>
        <LinkButton text="Start again" id="start-again" />
      </p>
    </Form>
  );
}

/** The POST target of a journey form. */
export function journeyAction(path: string): string {
  return `${JOURNEY_PREFIX}/${path}`;
}

/** The first message for a field, if any. */
export function errorFor(errors: FieldError[] | undefined, field: string): string | undefined {
  return errors?.find((error) => error.field === field)?.message;
}

/** The summary at the top of the page, linking each message to its field; nothing when there are no errors. */
export function PageErrorSummary(props: { errors: FieldError[] | undefined }) {
  const errors = props.errors ?? [];
  if (errors.length === 0) return null;
  return (
    <ErrorSummary
      errors={errors.map((error) => ({
        text: error.message,
        href: error.field === '' ? undefined : `#${error.field}`,
      }))}
    />
  );
}

/** A page headed by its title, with the error summary above the heading when there are errors. */
export function headedPage(title: string, errors: FieldError[] | undefined, body: Child): PageView {
  return {
    title,
    errors,
    content: (
      <>
        <PageErrorSummary errors={errors} />
        <h1>{title}</h1>
        {body}
      </>
    ),
  };
}
