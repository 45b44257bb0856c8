import type { Logger } from 'pino';
import { z } from 'zod';
import type { RedisClient } from '../journey-store/redis-script.js';
import type { AuditEvent, AuditLog } from '../ports.js';

export interface AuditLogOptions {
  logger: Logger;
  /** When given, each event is also appended to a Redis stream. */
  redis?: RedisClient;
  /** Stream key; `audit` unless given. */
  stream?: string;
  /** Approximate number of entries the stream keeps (MAXLEN ~). */
  maxLength?: number;
  now?: () => number;
}

const token = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

// Only these fields are kept; anything else a caller passes (an email, say) is dropped.
const auditEventSchema = z.object({
  type: token,
  outcome: z.enum(['success', 'failure', 'info']),
  method: z.enum(['app', 'nhsnet', 'passkey']).optional(),
  profileId: token.optional(),
  reason: z.string().max(300).optional(),
  journeyRef: token.optional(),
  view: token.optional(),
  variant: token.optional(),
});

const EMAIL_LIKE = /[^\s@]+@[^\s@]+/g;
const NI_NUMBER_LIKE = /\b[A-Z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-D]\b/gi;

/** A reason is free text; an email address or NI number slipped into it is masked, not recorded. */
function scrub(reason: string): string {
  return reason.replace(EMAIL_LIKE, '[email]').replace(NI_NUMBER_LIKE, '[ni-number]');
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const stream = options.stream ?? 'audit';
  const maxLength = options.maxLength ?? 100_000;
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'audit' });

  return {
    async record(event: AuditEvent) {
      const parsed = auditEventSchema.parse(event);
      const entry: Record<string, string> = { at: new Date(now()).toISOString() };
      for (const [field, value] of Object.entries(parsed)) {
        if (value !== undefined) entry[field] = field === 'reason' ? scrub(value) : value;
      }
      // The log line comes first, so an event is never lost to a Redis outage without a trace.
      log.info({ audit: entry }, `audit ${entry.type}`);
      if (options.redis === undefined) return;
      await options.redis.xadd(stream, 'MAXLEN', '~', maxLength, '*', ...Object.entries(entry).flat());
    },
  };
}
