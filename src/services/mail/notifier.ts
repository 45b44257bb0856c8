import type { AuthenticatorMethod, Mailer, Notifier, ProfileDirectory } from '../ports.js';
import { renderEmail } from './template.js';

export interface NotifierConfig {
  mailer: Mailer;
  directory: Pick<ProfileDirectory, 'get'>;
  serviceName?: string;
  /** "Find your Registration Authority" (the FIND_RA_URL setting). */
  findRaUrl: string;
}

export const NOTIFICATION_SUBJECT = 'A new authenticator was added to your Care Identity profile';

const METHOD_NAMES: Record<AuthenticatorMethod, string> = {
  app: 'Authenticator app',
  nhsnet: 'NHS.net Connect account',
  passkey: 'Passkey',
};

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** UK time in NHS style: `3 July 2025 at 2:05pm`, with `midday` and `midnight`. */
export function formatUkDateTime(at: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    LONDON.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  const hour = part('hour');
  const minute = part('minute');
  const period = part('dayPeriod').toLowerCase().replace(/\./g, '');
  let time = `${hour}:${minute}${period}`;
  if (hour === '12' && minute === '00') time = period === 'am' ? 'midnight' : 'midday';
  return `${part('day')} ${part('month')} ${part('year')} at ${time}`;
}

/** Tells the owner of a profile that an authenticator was added, at every address the profile has. */
export function createNotifier(config: NotifierConfig): Notifier {
  const serviceName = config.serviceName ?? 'Care Identity Service';

  return {
    async authenticatorAdded({ profileId, method, at }) {
      const profile = await config.directory.get(profileId);
      if (!profile) throw new Error('The profile to notify was not found');

      const what = METHOD_NAMES[method];
      const when = formatUkDateTime(at);
      const { text, html } = renderEmail({
        serviceName,
        title: NOTIFICATION_SUBJECT,
        blocks: [
          { kind: 'paragraph', text: `Dear ${profile.name},` },
          {
            kind: 'paragraph',
            text: 'We are letting you know about a change to your Care Identity profile.',
          },
          {
            kind: 'facts',
            items: [
              { label: 'What was added', value: what },
              { label: 'When', value: `${when} (UK time)` },
            ],
          },
          { kind: 'paragraph', text: 'If this was you, you do not need to do anything.' },
          {
            kind: 'paragraph',
            text: 'If this was not you, contact your Registration Authority straight away. They can remove the authenticator and check your profile.',
          },
          { kind: 'link', before: '', text: 'Find your Registration Authority', href: config.findRaUrl },
        ],
      });

      // Case-insensitive duplicates would mean the same mailbox twice.
      const seen = new Set<string>();
      const recipients = profile.emails.filter((email) => {
        const key = email.trim().toLowerCase();
        if (!key || seen.has(key)) return false;
        seen.add(key);
        return true;
      });

      // Try every address even if one fails, then report the failure so the caller can retry.
      const results = await Promise.allSettled(
        recipients.map((to) => config.mailer.send({ to, subject: NOTIFICATION_SUBJECT, text, html })),
      );
      const failed = results.filter((r) => r.status === 'rejected').length;
      if (failed > 0)
        throw new Error(`The notification could not be sent to ${failed} of ${recipients.length} addresses`);
    },
  };
}
