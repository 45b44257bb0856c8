import { createTransport } from 'nodemailer';
import type { Mailer, OutgoingMail } from '../ports.js';

export interface SmtpMailerConfig {
  /** e.g. `smtp://relay.example.org:25` or `smtps://user:pass@relay.example.org:465` */
  url: string;
  /** The From header, e.g. `Care Identity Service <no-reply@example.org>`. */
  from: string;
  /** Connection, greeting and socket timeouts; a relay slower than this counts as down. */
  timeoutMs?: number;
}

export interface SmtpMailer extends Mailer {
  /** Connects and says hello to the relay, for readiness checks. */
  ping(): Promise<void>;
  close(): void;
}

/** A Mailer over SMTP. One connection per message (no pool), so a dead relay shows up on the next send. */
export function createSmtpMailer(config: SmtpMailerConfig): SmtpMailer {
  const timeout = config.timeoutMs ?? 10_000;
  const transport = createTransport({
    url: config.url,
    pool: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(mail: OutgoingMail): Promise<void> {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      // A relay may accept the message for some recipients only; for us that is a failed send.
      if (info.rejected.length > 0) throw new Error('The mail relay rejected the recipient');
    },
    async ping(): Promise<void> {
      await transport.verify();
    },
    close(): void {
      transport.close();
    },
  };
}
