import type { Content } from './common.js';

export interface FormProps {
  action: string;
  csrfToken: string;
  id?: string;
  children?: Content;
  hidden?: boolean;
}

/**
 * Every journey form posts with the per-journey CSRF token. novalidate leaves checking to
 * the server, so users see NHS-styled error messages instead of the browser's.
 */
export function Form(props: FormProps) {
  return (
    <form method="post" action={props.action} id={props.id} novalidate hidden={props.hidden}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.children}
    </form>
  );
}
