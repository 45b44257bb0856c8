import { WarningCallout } from '../components/index.js';
import type { PageProps, PageView } from '../types.js';

export interface DevMailMessage {
  to: string;
  subject: string;
  sentAt: string | Date;
  text: string;
}

export interface DevMailProps extends PageProps {
  messages: DevMailMessage[];
}

function sentAtText(sentAt: string | Date): string {
  return sentAt instanceof Date ? sentAt.toISOString() : sentAt;
}

/** The development outbox: what the service would have emailed, newest first as given. */
export function devMailPage(props: DevMailProps): PageView {
  const title = 'Development mail outbox';
  return {
    title,
    content: (
      <>
        <strong class="nhsuk-tag nhsuk-tag--orange">Development only</strong>
        <h1 class="nhsuk-u-margin-top-3">{title}</h1>
        <WarningCallout heading="Development only">
          <p class="nhsuk-card__description">
            This page shows the emails the service has sent while running with its development settings. It
            does not exist in production.
          </p>
        </WarningCallout>
        {props.messages.length === 0 ? (
          <p>No emails have been sent yet.</p>
        ) : (
          props.messages.map((message) => (
            <div class="nhsuk-card">
              <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-s">{message.subject}</h2>
                <dl class="nhsuk-summary-list">
                  <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">To</dt>
                    <dd class="nhsuk-summary-list__value">{message.to}</dd>
                  </div>
                  <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">Sent</dt>
                    <dd class="nhsuk-summary-list__value">{sentAtText(message.sentAt)}</dd>
                  </div>
                </dl>
                <pre class="app-mail-text">{message.text}</pre>
              </div>
            </div>
          ))
        )}
      </>
    ),
  };
}
