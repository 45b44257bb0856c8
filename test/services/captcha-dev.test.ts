import { describe, expect, it } from 'vitest';
import {
  createDevCaptcha,
  DEV_CAPTCHA_LABEL,
  DEV_CAPTCHA_WORDS,
  devCaptchaToken,
} from '../../src/dev/dev-captcha.js';

const KEY = 'dev-captcha-key-0123456789';

/** What an automated test does: read the word from the SVG's <text> element. */
function wordIn(svg: string): string {
  const found = svg.match(/<text\b[^>]*>([^<]*)<\/text>/);
  if (!found?.[1]) throw new Error('No <text> element in the image');
  return found[1];
}

describe('createDevCaptcha', () => {
  it('passes the word shown in the image, in any case and with spaces around it', async () => {
    const captcha = createDevCaptcha({ key: KEY });
    const { challengeId, imageSvg } = captcha.challenge();
    const word = wordIn(imageSvg);
    expect(DEV_CAPTCHA_WORDS).toContain(word);
    for (const answer of [word, word.toUpperCase(), ` ${word[0]?.toUpperCase()}${word.slice(1)} `]) {
      await expect(
        captcha.verifier.verify(devCaptchaToken(challengeId, answer), '127.0.0.1'),
      ).resolves.toEqual({
        success: true,
      });
    }
  });

  it('fails a wrong word, an empty answer, a tampered id and nonsense', async () => {
    const captcha = createDevCaptcha({ key: KEY });
    const { challengeId, imageSvg } = captcha.challenge();
    const word = wordIn(imageSvg);
    const other = DEV_CAPTCHA_WORDS.find((w) => w !== word) ?? '';
    const flipped = Buffer.from(challengeId, 'base64url');
    flipped[3] = (flipped[3] ?? 0) ^ 1; // change the expiry
    const tokens = [
      devCaptchaToken(challengeId, other),
      devCaptchaToken(challengeId, `${word}x`),
      devCaptchaToken(challengeId, ''),
      devCaptchaToken(flipped.toString('base64url'), word),
      devCaptchaToken(challengeId.slice(0, -2), word),
      word,
      '',
      '.',
      `${challengeId}.${word}`.repeat(10),
    ];
    for (const token of tokens) {
      await expect(captcha.verifier.verify(token, '127.0.0.1')).resolves.toEqual({ success: false });
    }
  });

  it('fails after ten minutes', async () => {
    let clock = Date.parse('2025-05-01T10:00:00Z');
    const captcha = createDevCaptcha({ key: KEY, now: () => clock });
    const { challengeId, imageSvg } = captcha.challenge();
    const token = devCaptchaToken(challengeId, wordIn(imageSvg));
    clock += 10 * 60 * 1000 - 1;
    await expect(captcha.verifier.verify(token, '')).resolves.toEqual({ success: true });
    clock += 1;
    await expect(captcha.verifier.verify(token, '')).resolves.toEqual({ success: false });
  });

  it('needs no storage: another instance with the same key verifies, one with another key does not', async () => {
    const { challengeId, imageSvg } = createDevCaptcha({ key: KEY }).challenge();
    const token = devCaptchaToken(challengeId, wordIn(imageSvg));
    await expect(createDevCaptcha({ key: KEY }).verifier.verify(token, '')).resolves.toEqual({
      success: true,
    });
    await expect(createDevCaptcha({ key: `${KEY}-other` }).verifier.verify(token, '')).resolves.toEqual({
      success: false,
    });
  });

  it('draws an SVG a strict CSP allows, labelled for assistive technology without giving the word away', () => {
    const captcha = createDevCaptcha({ key: KEY });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { imageSvg, challengeId } = captcha.challenge();
      const word = wordIn(imageSvg);
      seen.add(word);
      expect(challengeId).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(imageSvg).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-label="[^"]+"/,
      );
      const label = imageSvg.match(/aria-label="([^"]*)"/)?.[1] ?? '';
      expect(label).toBe(DEV_CAPTCHA_LABEL);
      expect(label.toLowerCase()).not.toContain(word);
      expect(imageSvg).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|href=|<foreignObject/i);
      expect(imageSvg.match(/<text\b/g)).toHaveLength(1);
      expect(imageSvg).toMatch(/<text [^>]*rotate="-?\d+( -?\d+)*"/);
    }
    expect(seen.size).toBeGreaterThan(10);
    for (const word of DEV_CAPTCHA_WORDS) expect(DEV_CAPTCHA_LABEL.toLowerCase()).not.toContain(word);
  });

  it('refuses a key too short to be a secret', () => {
    expect(() => createDevCaptcha({ key: 'short' })).toThrow();
  });
});
