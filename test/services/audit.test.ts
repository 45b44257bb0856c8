import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/services/audit/audit-log.js';
import type { AuditEvent } from '../../src/services/ports.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';

let server: RedisProcess;
let redis: Redis;
let streams = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

const fields = (flat: string[]) => {
  const result: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) result[flat[i] ?? ''] = flat[i + 1] ?? '';
  return result;
};

const at = Date.parse('2025-06-01T08:00:00Z');

describe('audit log', () => {
  it('appends the event to the audit stream and writes a log line', async () => {
    const { logger, lines } = capturingLogger();
    const audit = createAuditLog({ logger, redis, now: () => at });
    await audit.record({
      type: 'authenticator.added',
      outcome: 'success',
      method: 'passkey',
      profileId: 'demo-0001',
      journeyRef: 'j-3f9a',
    });
    const entries = await redis.xrange('audit', '-', '+');
    expect(entries).toHaveLength(1);
    const [id, flat] = entries[0] ?? ['', []];
    expect(id).toMatch(/^\d+-\d+$/);
    expect(fields(flat)).toEqual({
      at: '2025-06-01T08:00:00.000Z',
      type: 'authenticator.added',
      outcome: 'success',
      method: 'passkey',
      profileId: 'demo-0001',
      journeyRef: 'j-3f9a',
    });
    const line = JSON.parse(lines.at(-1) ?? '{}') as { audit: Record<string, string>; msg: string };
    expect(line.audit.type).toBe('authenticator.added');
    expect(line.msg).toBe('audit authenticator.added');
  });

  it('records no personal data, even when a caller passes some', async () => {
    const { logger, lines } = capturingLogger();
    const stream = `audit-${streams++}`;
    const audit = createAuditLog({ logger, redis, stream, now: () => at });
    const careless = {
      type: 'identity.check',
      outcome: 'failure',
      reason: 'no match for Alex.Morgan@nhs.net with AB 12 34 56 C',
      email: 'alex.morgan@nhs.net',
      niNumber: 'AB123456C',
      code: '123456',
    } as AuditEvent;
    await audit.record(careless);
    const [entry] = await redis.xrange(stream, '-', '+');
    const stored = fields(entry?.[1] ?? []);
    expect(Object.keys(stored).sort()).toEqual(['at', 'outcome', 'reason', 'type']);
    expect(stored.reason).toBe('no match for [email] with [ni-number]');
    const everything = `${JSON.stringify(stored)}\n${lines.join('\n')}`;
    expect(everything.toLowerCase()).not.toContain('alex');
    expect(everything).not.toContain('AB123456C');
    expect(everything).not.toContain('123456"');
  });

  it('refuses an event that is not an audit event', async () => {
    const { logger } = capturingLogger();
    const audit = createAuditLog({ logger, redis, stream: `audit-${streams++}` });
    await expect(audit.record({ type: '', outcome: 'success' })).rejects.toThrow();
    await expect(audit.record({ type: 'x', outcome: 'maybe' } as unknown as AuditEvent)).rejects.toThrow();
  });

  it('keeps the stream bounded', async () => {
    const { logger } = capturingLogger();
    const stream = `audit-${streams++}`;
    const audit = createAuditLog({ logger, redis, stream, maxLength: 10 });
    for (let i = 0; i < 500; i++) await audit.record({ type: 'journey.started', outcome: 'info' });
    const length = await redis.xlen(stream);
    expect(length).toBeLessThan(500);
    expect(length).toBeGreaterThanOrEqual(10);
  });

  it('only logs when there is no Redis', async () => {
    const { logger, lines } = capturingLogger();
    await createAuditLog({ logger }).record({ type: 'journey.started', outcome: 'info' });
    expect(lines).toHaveLength(1);
  });

  it('logs first and then fails when Redis is down', async () => {
    const outage = await startRedis();
    const client = new Redis(outage.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {});
    try {
      await client.ping();
      await outage.kill();
      const { logger, lines } = capturingLogger();
      const audit = createAuditLog({ logger, redis: client });
      await expect(audit.record({ type: 'authenticator.added', outcome: 'success' })).rejects.toThrow();
      expect(lines.join('\n')).toContain('authenticator.added');
    } finally {
      client.disconnect();
      await outage.stop();
    }
  });
});
