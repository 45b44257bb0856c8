import { Button, Form } from './components/index.js';
import { journeyAction } from './pages/shared.js';
import type { TimeoutInfo } from './types.js';

export const SESSION_TIMED_OUT_URL = journeyAction('session-timed-out');

/**
 * The inactivity warning (WCAG 2.2.1). Hidden until timeout-warning.js opens it as a modal
 * dialog before the journey expires: the page behind is inert, so focus stays in the dialog, and
 * closing it returns focus to where it was. The script moves focus to the heading (tabindex="-1",
 * no focus box) so that it is read first. "Continue with this journey" posts to /extend; when
 * the absolute expiry is the nearer one the script hides that button, because it cannot help.
 */
export function TimeoutWarning(props: { timeout: TimeoutInfo; csrfToken: string }) {
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
