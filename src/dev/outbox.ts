import { randomUUID } from 'node:crypto';
import type { Mailer, OutgoingMail } from '../services/ports.js';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** ISO 8601 */
  sentAt: string;
}

export interface DevOutbox extends Mailer {
  /** Newest first. */
  list(): OutboxMessage[];
  get(id: string): OutboxMessage | null;
  clear(): void;
}

/**
 * A Mailer that keeps the last `max` messages in memory instead of sending them, so the
 * development page /dev/mail can show them. Never wire it in production: codes would sit in memory.
 */
export function createDevOutbox(max = 50): DevOutbox {
  if (!Number.isInteger(max) || max < 1) throw new Error('The outbox size must be a positive integer');
  const messages: OutboxMessage[] = [];

  return {
    async send(mail: OutgoingMail): Promise<void> {
      messages.unshift({
        id: randomUUID(),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        sentAt: new Date().toISOString(),
      });
      if (messages.length > max) messages.length = max;
    },
    list: () => messages.map((m) => ({ ...m })),
    get(id) {
      const found = messages.find((m) => m.id === id);
      return found ? { ...found } : null;
    },
    clear() {
      messages.length = 0;
    },
  };
}
