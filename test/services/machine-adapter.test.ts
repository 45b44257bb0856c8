/** The machine's services made from the ports: a failing service is logged by name, without personal data. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createJourneyServices, type JourneyPorts } from '../../src/services/machine-adapter.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const failing = (message: string) => async () => {
  throw new Error(message);
};

describe('createJourneyServices', () => {
  it('logs which service failed, with emails, NI numbers and codes masked, and still fails the service', async () => {
    const { lines, logger } = capture();
    const ports = {
      emailCodes: {
        send: failing('550 5.1.1 <alex.morgan@nhs.net>: recipient rejected, code 123456 for AB 12 34 56 C'),
        matches: () => false,
      },
    } as unknown as JourneyPorts;
    const services = createJourneyServices(ports, logger);
    await expect(services.sendEmailCode({ to: 'alex.morgan@nhs.net', journeyNonce: 'n' })).rejects.toThrow(
      'recipient rejected',
    );
    const log = lines.join('');
    expect(log).toContain('"service":"sendEmailCode"');
    expect(log).toContain('[email]');
    expect(log).not.toContain('alex.morgan');
    expect(log).not.toContain('123456');
    expect(log).not.toContain('AB 12 34 56 C');
  });

  it('saves then notifies; a refusal sends no notification', async () => {
    const notified: string[] = [];
    const outcomes = [{ outcome: 'added', authenticatorId: 'a1' }, { outcome: 'linkedElsewhere' }];
    const ports = {
      directory: { addAuthenticator: async () => outcomes.shift() },
      notifier: { authenticatorAdded: async ({ method }: { method: string }) => void notified.push(method) },
      now: () => 0,
    } as unknown as JourneyPorts;
    const services = createJourneyServices(ports);
    const input = {
      profileId: 'p',
      method: 'nhsnet' as const,
      idempotencyKey: 'k',
      authenticator: {
        type: 'nhsnet' as const,
        issuer: 'i',
        tenantId: 't',
        objectId: 'o',
        subject: 's',
        email: 'e',
      },
    };
    expect(await services.saveAuthenticator(input)).toEqual({ outcome: 'added', authenticatorId: 'a1' });
    expect(await services.saveAuthenticator(input)).toEqual({ outcome: 'linkedElsewhere' });
    expect(notified).toEqual(['nhsnet']);
  });
});
