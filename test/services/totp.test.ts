import { randomBytes } from 'node:crypto';
import jsQRModule from 'jsqr';
import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/services/secrets/secret-box.js';
import { renderQrSvg } from '../../src/services/totp/qr-code.js';
import { createTotpService } from '../../src/services/totp/totp-service.js';

// jsqr is CommonJS with a `default` property; NodeNext types see the module object.
const jsQR = jsQRModule.default;
const secretBox = createSecretBox(randomBytes(32).toString('base64'));
const totp = createTotpService({ secretBox, issuer: 'NHS Care Identity' });

const PERIOD_MS = 30_000;
const step = 56_666_700;
// Half-way through a step, so ±1 step is exactly ±30 s away.
const now = step * PERIOD_MS + 15_000;

/** The code an authenticator app shows `offset` steps from `now`, computed by an independent library. */
function codeAt(key: string, offset: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(key),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: now + offset * PERIOD_MS,
  });
}

/** A fresh secret whose codes from -11 to +11 steps are all different, so each case tests one step. */
async function distinctSecret(): Promise<{ encryptedSecret: string; key: string }> {
  for (;;) {
    const { encryptedSecret } = await totp.createSecret();
    const { key } = totp.describe({ encryptedSecret, accountName: 'jane.smith@nhs.net' });
    const codes = new Set(Array.from({ length: 23 }, (_, i) => codeAt(key, i - 11)));
    if (codes.size === 23) return { encryptedSecret, key };
  }
}

describe('TOTP secrets', () => {
  it('creates a 160-bit secret sealed by the secret box', async () => {
    const { encryptedSecret } = await totp.createSecret();
    expect(encryptedSecret.startsWith('v1.')).toBe(true);
    const key = secretBox.open(encryptedSecret);
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(key).bytes).toHaveLength(20);
    expect(encryptedSecret).not.toContain(key);
  });

  it('creates a different secret each time', async () => {
    const first = secretBox.open((await totp.createSecret()).encryptedSecret);
    const second = secretBox.open((await totp.createSecret()).encryptedSecret);
    expect(first).not.toBe(second);
  });

  it('describes the secret as an otpauth URI that an independent parser reads back', async () => {
    const { encryptedSecret } = await totp.createSecret();
    const { uri, key } = totp.describe({ encryptedSecret, accountName: 'jane.smith@nhs.net' });
    expect(key).toBe(secretBox.open(encryptedSecret));
    expect(uri).toBe(
      `otpauth://totp/NHS%20Care%20Identity:jane.smith%40nhs.net?secret=${key}` +
        '&issuer=NHS%20Care%20Identity&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = URI.parse(uri);
    expect(parsed).toBeInstanceOf(TOTP);
    if (!(parsed instanceof TOTP)) return;
    expect(parsed.secret.base32).toBe(key);
    expect(parsed.issuer).toBe('NHS Care Identity');
    expect(parsed.label).toBe('jane.smith@nhs.net');
    expect(parsed.algorithm).toBe('SHA1');
    expect(parsed.digits).toBe(6);
    expect(parsed.period).toBe(30);
  });
});

describe('TOTP verification', () => {
  it('accepts the current code and reports its time-step', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    const result = await totp.verify({ encryptedSecret, code: codeAt(key, 0), afterTimeStep: null, now });
    expect(result).toEqual({ valid: true, timeStep: step });
  });

  it('accepts the codes one step either side', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    for (const offset of [-1, 1]) {
      const result = await totp.verify({
        encryptedSecret,
        code: codeAt(key, offset),
        afterTimeStep: null,
        now,
      });
      expect(result).toEqual({ valid: true, timeStep: step + offset });
    }
  });

  it('reports drift for codes 2 to 10 steps away, and wrong beyond', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    for (const offset of [-10, -2, 2, 10]) {
      const result = await totp.verify({
        encryptedSecret,
        code: codeAt(key, offset),
        afterTimeStep: null,
        now,
      });
      expect(result, `offset ${offset}`).toEqual({ valid: false, reason: 'drift' });
    }
    for (const offset of [-11, 11]) {
      const result = await totp.verify({
        encryptedSecret,
        code: codeAt(key, offset),
        afterTimeStep: null,
        now,
      });
      expect(result, `offset ${offset}`).toEqual({ valid: false, reason: 'wrong' });
    }
  });

  it('accepts each time-step once', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    const code = codeAt(key, 0);
    const first = await totp.verify({ encryptedSecret, code, afterTimeStep: null, now });
    expect(first).toEqual({ valid: true, timeStep: step });
    const again = await totp.verify({ encryptedSecret, code, afterTimeStep: step, now: now + 5_000 });
    expect(again).toEqual({ valid: false, reason: 'replayed' });
    const earlier = await totp.verify({ encryptedSecret, code: codeAt(key, -1), afterTimeStep: step, now });
    expect(earlier).toEqual({ valid: false, reason: 'replayed' });
    const next = await totp.verify({ encryptedSecret, code: codeAt(key, 1), afterTimeStep: step, now });
    expect(next).toEqual({ valid: true, timeStep: step + 1 });
  });

  it('treats a last-used step beyond the window as using up every step in it', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    for (const afterTimeStep of [step + 1, step + 5]) {
      const result = await totp.verify({ encryptedSecret, code: codeAt(key, 0), afterTimeStep, now });
      expect(result).toEqual({ valid: false, reason: 'replayed' });
    }
  });

  it('answers wrong, without throwing, for malformed codes', async () => {
    const { encryptedSecret } = await distinctSecret();
    for (const code of ['12345', 'abcdef', '', '1234567', ' 123456', '12 345', '１２３４５６']) {
      await expect(totp.verify({ encryptedSecret, code, afterTimeStep: null, now })).resolves.toEqual({
        valid: false,
        reason: 'wrong',
      });
    }
  });

  it('refuses a tampered secret instead of verifying against it', async () => {
    const { encryptedSecret, key } = await distinctSecret();
    const parts = encryptedSecret.split('.');
    parts[2] = `${parts[2]?.startsWith('A') ? 'B' : 'A'}${parts[2]?.slice(1)}`;
    await expect(
      totp.verify({ encryptedSecret: parts.join('.'), code: codeAt(key, 0), afterTimeStep: null, now }),
    ).rejects.toThrow();
  });
});

/** Draws the SVG's stroke path (M/m/h commands, one module per unit) into RGBA pixels for a QR reader. */
function rasterise(svg: string, scale = 4): { data: Uint8ClampedArray; size: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg);
  if (!viewBox || !path?.[1]) throw new Error('unexpected SVG');
  const modules = Number(viewBox[1]);
  const size = modules * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path[1].matchAll(/([MmhH])([\d.]+)(?: ([\d.]+))?/g)) {
    const first = Number(a);
    if (command === 'M') [x, y] = [first, Math.floor(Number(b))];
    else if (command === 'm') x += first;
    else if (command === 'h') {
      for (let column = x; column < x + first; column++) {
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const offset = ((y * scale + dy) * size + column * scale + dx) * 4;
            data.fill(0, offset, offset + 3);
          }
        }
      }
      x += first;
    }
  }
  return { data, size };
}

describe('renderQrSvg', () => {
  it('renders an accessible SVG without script or style', async () => {
    const svg = await renderQrSvg('otpauth://totp/NHS%20Care%20Identity:a%40nhs.net?secret=JBSWY3DPEHPK3PXP');
    expect(svg.startsWith('<svg role="img" aria-label="QR code to scan with your authenticator app"')).toBe(
      true,
    );
    expect(svg).not.toMatch(/<script|<style|style=|on\w+=/i);
    const labelled = await renderQrSvg('otpauth://x', 'A "quoted" <label>');
    expect(labelled).toContain('aria-label="A &quot;quoted&quot; &lt;label&gt;"');
  });

  it('encodes the URI so that a QR reader gets it back', async () => {
    const { encryptedSecret } = await totp.createSecret();
    const { uri } = totp.describe({ encryptedSecret, accountName: 'jane.smith@nhs.net' });
    const { data, size } = rasterise(await renderQrSvg(uri));
    expect(jsQR(data, size, size)?.data).toBe(uri);
  });
});
