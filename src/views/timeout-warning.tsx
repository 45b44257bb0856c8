import { raw } from '@add-authenticator/jsx-html';
import { Button, Form } from './components/index.js';
import { journeyAction } from './pages/shared.js';
import { escapeHtml, renderHtml } from './render.js';
import type { TimeoutInfo } from './types.js';

export const SESSION_TIMED_OUT_URL = journeyAction('session-timed-out');

/**
 * The inactivity warning (WCAG 2.2.1). Hidden until timeout-warning.js opens it as a modal
 * dialog before the journey expires: the page behind is inert, so focus stays in the dialog, and
 * closing it returns focus to where it was. The script moves focus to the heading (tabindex="-1",
 * no focus box) so that it is read first. "Continue with this journey" posts to /extend; when
 * the absolute expiry is the nearer one the script hides that button, because it cannot help.
 * htmx leaves its form alone (hx-boost="false"): the script posts it and reads the new deadlines.
 */
export function TimeoutWarningMarkup(props: { timeout: TimeoutInfo; csrfToken: string }) {
  const { timeout } = props;
  return (
    <dialog
      id="timeout-warning"
      class="app-timeout-warning"
      aria-labelledby="timeout-warning-heading"
      aria-describedby="timeout-warning-text"
      data-warn-at-ms={String(timeout.warnAtMs)}
      data-expires-at-ms={String(timeout.expiresAtMs)}
      data-absolute-expires-at-ms={String(timeout.absoluteExpiresAtMs)}
      data-now-ms={String(timeout.nowMs ?? Date.now())}
      data-timed-out-url={SESSION_TIMED_OUT_URL}
      hx-boost="false"
    >
      <div class="nhsuk-card nhsuk-u-margin-bottom-0">
        <div class="nhsuk-card__content">
          <h2
            class="nhsuk-card__heading nhsuk-heading-m app-timeout-warning__heading"
            id="timeout-warning-heading"
            tabindex={-1}
          >
            Your session will end soon
          </h2>
          <p class="nhsuk-body" id="timeout-warning-text">
            For your security, we will delete your answers in{' '}
            <strong data-timeout-countdown="">5 minutes</strong> if you do not do anything.
          </p>
          <p class="nhsuk-body" data-timeout-final="" hidden>
            You cannot have any more time. Finish what you are doing now, or you will need to start again.
          </p>
          <Form action={journeyAction('extend')} csrfToken={props.csrfToken} id="timeout-warning-extend">
            <Button text="Continue with this journey" classes="nhsuk-u-margin-bottom-0" />
          </Form>
          <p
            class="nhsuk-body nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0"
            role="status"
            data-timeout-status=""
          />
        </div>
      </div>
    </dialog>
  );
}

type WarningProps = { timeout: TimeoutInfo; csrfToken: string };
type Value = 'warnAtMs' | 'expiresAtMs' | 'absoluteExpiresAtMs' | 'nowMs' | 'csrfToken';
const VALUES: Value[] = ['warnAtMs', 'expiresAtMs', 'absoluteExpiresAtMs', 'nowMs', 'csrfToken'];
const MARK = '\u0001';

/** The value a page puts in each place, as <TimeoutWarningMarkup> writes it. */
function placeValue(props: WarningProps, value: Value): string {
  if (value === 'csrfToken') return escapeHtml(props.csrfToken);
  if (value === 'nowMs') return String(props.timeout.nowMs ?? Date.now());
  return String(props.timeout[value]);
}

/**
 * The warning is the same markup on every page but for its deadlines and form token: it is rendered
 * once with a marker in each of those places and cut there, and a page joins the pieces with its values.
 * Null (render it whole each time) if the markup does not take the markers as expected.
 */
function cut(): (string | Value)[] | null {
  const marked = renderHtml(
    <TimeoutWarningMarkup
      timeout={
        {
          warnAtMs: `${MARK}warnAtMs${MARK}`,
          expiresAtMs: `${MARK}expiresAtMs${MARK}`,
          absoluteExpiresAtMs: `${MARK}absoluteExpiresAtMs${MARK}`,
          nowMs: `${MARK}nowMs${MARK}`,
        } as unknown as TimeoutInfo
      }
      csrfToken={`${MARK}csrfToken${MARK}`}
    />,
  );
  const parts = marked.split(MARK);
  if (parts.length % 2 !== 1) return null;
  const pieces = parts.map((part, i) => (i % 2 === 0 ? part : (part as Value)));
  const places = pieces.filter((_, i) => i % 2 === 1);
  if (!places.every((p) => VALUES.includes(p as Value))) return null;
  if (!VALUES.every((v) => places.includes(v))) return null;
  return pieces;
}

function fill(pieces: (string | Value)[], props: WarningProps): string {
  let html = '';
  for (let i = 0; i < pieces.length; i++)
    html += i % 2 === 0 ? pieces[i] : placeValue(props, pieces[i] as Value);
  return html;
}

/** The same markup both ways, for values with every character that is escaped. */
function sameBothWays(pieces: (string | Value)[]): boolean {
  const sample: WarningProps = {
    timeout: { warnAtMs: 1, expiresAtMs: 22, absoluteExpiresAtMs: 333, nowMs: 4444 },
    csrfToken: `a&b<c>d"e'f`,
  };
  return fill(pieces, sample) === renderHtml(<TimeoutWarningMarkup {...sample} />);
}

const pieces = ((p) => (p && sameBothWays(p) ? p : null))(cut());

/** Whether the warning is made from its pieces (false: rendered whole each time). */
export const timeoutWarningPrerendered = pieces !== null;

/** The inactivity warning of a page: exactly <TimeoutWarningMarkup>'s markup. */
export function TimeoutWarning(props: WarningProps) {
  return pieces ? raw(fill(pieces, props)) : <TimeoutWarningMarkup {...props} />;
}
