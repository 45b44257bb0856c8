/**
 * An error summary belongs to the page that showed it (GOV.UK error summary pattern; SPEC.md 9: back
 * links on every question page): once the person leaves a page that showed an error, by Back or by
 * answering, the journey holds no error for the page they reach or come back to.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/limits.js';
import { GOOD_APP_CODE } from '../../tooling/journey-fakes.js';
import {
  E,
  journey,
  toChoose,
  toCreatePassword,
  toEmailCode,
  toEnterAppCode,
  toEnterDetails,
  toNhsnetInstructions,
  toPasskeyRegister,
  viewOf,
} from './helpers.js';

describe('errors belong to their page', () => {
  it.each(['app', 'nhsnet', 'passkey'])(
    'choose-authenticator with an error, then %s chosen',
    async (method) => {
      const j = await toChoose(journey());
      await j.send(E.choose(''));
      expect(j.context.errors).toEqual({ method: 'required' });
      await j.send(E.choose(method));
      expect(viewOf(j)).not.toBe('choose-authenticator');
      expect(j.context.errors).toEqual({});
    },
  );

  it('enter-details with an error, then Back to the start page', async () => {
    const j = await toEnterDetails(journey());
    await j.send(E.details({ email: 'not an email' }));
    expect(Object.keys(j.context.errors)).toContain('email');
    await j.send(E.back);
    expect(viewOf(j)).toBe('start');
    expect(j.context.errors).toEqual({});
  });

  it('enter-email-code with a wrong code, then Back to enter-details, or the right code', async () => {
    const back = await toEmailCode(journey());
    await back.send(E.emailCode('000000'));
    expect(back.context.errors).toEqual({ code: 'wrongCode' });
    await back.send(E.back);
    expect(viewOf(back)).toBe('enter-details');
    expect(back.context.errors).toEqual({});
    const right = await toEmailCode(journey());
    await right.send(E.emailCode('12345'));
    expect(right.context.errors).not.toEqual({});
    await right.send(E.emailCode('123456'));
    expect(viewOf(right)).toBe('choose-authenticator');
    expect(right.context.errors).toEqual({});
  });

  it('the instructions pages with "only I have access" left unticked, then Back to the choice', async () => {
    for (const j of [await toNhsnetInstructions(journey())]) {
      await j.send(E.sole(false));
      expect(j.context.errors).not.toEqual({});
      await j.send(E.back);
      expect(viewOf(j)).toBe('choose-authenticator');
      expect(j.context.errors).toEqual({});
    }
    const app = await toChoose(journey());
    await app.send(E.choose('app'));
    await app.send(E.sole(false));
    expect(app.context.errors).not.toEqual({});
    await app.send(E.back);
    expect(viewOf(app)).toBe('choose-authenticator');
    expect(app.context.errors).toEqual({});
  });

  it('create-password refused, then Back, or a good password', async () => {
    const back = await toCreatePassword(journey({ switches: { password: 'common' } }));
    await back.send(E.password());
    expect(back.context.errors).not.toEqual({});
    await back.send(E.back);
    expect(viewOf(back)).toBe('app-instructions');
    expect(back.context.errors).toEqual({});
    const good = await toCreatePassword(journey({ switches: { password: 'common' } }));
    await good.send(E.password());
    good.switches.password = 'ok';
    await good.send(E.password());
    expect(viewOf(good)).toBe('scan-qr');
    expect(good.context.errors).toEqual({});
  });

  it('enter-app-code with a wrong code, then Back to the QR code, or the right code', async () => {
    const back = await toEnterAppCode(journey());
    await back.send(E.appCode('000000'));
    expect(back.context.errors).not.toEqual({});
    await back.send(E.back);
    expect(viewOf(back)).toBe('scan-qr');
    expect(back.context.errors).toEqual({});
    const right = await toEnterAppCode(journey());
    await right.send(E.appCode('000000'));
    await right.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(right)).toBe('app-added');
    expect(right.context.errors).toEqual({});
  });

  it('enter-app-code with a wrong code, then a code the check cannot take (down, or the last wrong one)', async () => {
    const down = await toEnterAppCode(journey());
    await down.send(E.appCode('000000'));
    expect(down.context.errors).toEqual({ code: 'appCodeWrong' });
    down.switches.totp = 'down';
    await down.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(down)).toBe('service-unavailable');
    expect(down.context.errors).toEqual({});
    const last = await toEnterAppCode(journey());
    for (let i = 1; i < LIMITS.wrongAppCodesPerJourney; i++) await last.send(E.appCode('000000'));
    expect(last.context.errors).toEqual({ code: 'appCodeWrong' });
    await last.send(E.appCode('000000'));
    expect(viewOf(last)).toBe('too-many-attempts');
    expect(last.context.errors).toEqual({});
  });

  it('passkey-register with an error, then Back to the choice, or a passkey made', async () => {
    const back = await toPasskeyRegister(journey());
    await back.send(E.passkeyFailed('NotAllowedError'));
    expect(back.context.errors).not.toEqual({});
    await back.send(E.back);
    expect(viewOf(back)).toBe('choose-authenticator');
    expect(back.context.errors).toEqual({});
    expect(back.context.passkey.challenge).toBeNull();
    const made = await toPasskeyRegister(journey());
    await made.send(E.passkeyFailed('NotAllowedError'));
    await made.send(E.passkeyCreated());
    expect(viewOf(made)).toBe('passkey-added');
    expect(made.context.errors).toEqual({});
  });

  it('passkey-loading with the no-JavaScript question unanswered, then Back to the choice', async () => {
    const j = await toChoose(journey());
    await j.send(E.choose('passkey'));
    await j.send({ type: 'PLATFORM_QUESTION_UNANSWERED' });
    expect(j.context.errors).not.toEqual({});
    await j.send(E.back);
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.errors).toEqual({});
  });

  it('passkey-register with an error, then a passkey made by Windows Hello, or verification down', async () => {
    // SPEC.md 7: a Windows Hello credential made on this PC leads to passkey-windows-hello.
    const hello = await toPasskeyRegister(
      journey({ switches: { passkeyVerify: 'windowsHello' } }),
      'windows',
    );
    await hello.send(E.passkeyFailed('NotAllowedError'));
    expect(hello.context.errors).not.toEqual({});
    await hello.send(E.passkeyCreated());
    expect(viewOf(hello)).toBe('passkey-windows-hello');
    expect(hello.context.errors).toEqual({});
    const down = await toPasskeyRegister(journey({ switches: { passkeyVerify: 'down' } }));
    await down.send(E.passkeyFailed('NotAllowedError'));
    expect(down.context.errors).not.toEqual({});
    await down.send(E.passkeyCreated());
    expect(viewOf(down)).toBe('service-unavailable');
    expect(down.context.errors).toEqual({});
  });

  it('a Care Identity Management session: recorded from the start page, and again when the person says they logged out', async () => {
    const j = journey();
    await j.send(E.start(true));
    expect(viewOf(j)).toBe('log-out-first');
    expect(j.context.cimSessionPresent).toBe(true);
    await j.send(E.loggedOut(true));
    expect(viewOf(j)).toBe('log-out-first');
    expect(j.context.errors).toEqual({ cim: 'cimStillLoggedIn' });
    await j.send(E.loggedOut(false));
    expect(viewOf(j)).toBe('start');
    expect(j.context.cimSessionPresent).toBe(false);
    expect(j.context.errors).toEqual({});
    // Then "Start now" with the session closed: enter-details.
    await j.send(E.start(false));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.cimSessionPresent).toBe(false);
  });
});
