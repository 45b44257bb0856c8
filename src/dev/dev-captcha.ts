/**
 * A development image recognition test, for use only outside production: it shows a short word
 * in an SVG and checks the typed answer. It keeps no state: the challenge id carries an expiry
 * and an HMAC of the word, so any instance with the same key can verify it. A solved challenge can
 * be replayed until it expires, which is acceptable for development and not for production.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CaptchaVerifier } from '../services/ports.js';

export interface DevCaptchaConfig {
  key: string;
  now?: () => number;
  lifetimeMs?: number;
}

export interface DevCaptchaChallenge {
  challengeId: string;
  imageSvg: string;
}

export interface DevCaptcha {
  challenge(): DevCaptchaChallenge;
  verifier: CaptchaVerifier;
}

export const DEV_CAPTCHA_LABEL = 'Image recognition test: type the letters you see in the picture';

/** Short, plain lower-case words, none of which appears in the image's label. */
export const DEV_CAPTCHA_WORDS: readonly string[] = [
  'amber',
  'badger',
  'beacon',
  'candle',
  'carrot',
  'cedar',
  'copper',
  'dragon',
  'falcon',
  'fern',
  'garden',
  'ginger',
  'hazel',
  'harbour',
  'jasper',
  'kettle',
  'lemon',
  'maple',
  'marble',
  'meadow',
  'nutmeg',
  'parsnip',
  'pebble',
  'pepper',
  'rabbit',
  'radish',
  'ribbon',
  'saffron',
  'spruce',
  'thrush',
  'tulip',
  'velvet',
  'walnut',
  'willow',
  'wren',
  'zephyr',
];

/** The token the form sends: the challenge id, a dot, and what the user typed. */
export function devCaptchaToken(challengeId: string, answer: string): string {
  return `${challengeId}.${answer}`;
}

const VERSION = 1;
const NONCE_BYTES = 16;
const MAC_BYTES = 16;
const ID_BYTES = 1 + 8 + NONCE_BYTES + MAC_BYTES;

export function createDevCaptcha(config: DevCaptchaConfig): DevCaptcha {
  if (config.key.length < 16) throw new Error('The development CAPTCHA key is too short');
  const now = config.now ?? Date.now;
  const lifetimeMs = config.lifetimeMs ?? 10 * 60 * 1000;

  const mac = (head: Buffer, answer: string): Buffer =>
    createHmac('sha256', config.key)
      .update('dev-captcha')
      .update(head)
      .update(answer.normalize('NFKC').trim().toLowerCase())
      .digest()
      .subarray(0, MAC_BYTES);

  return {
    challenge() {
      const word = DEV_CAPTCHA_WORDS[randomInt(DEV_CAPTCHA_WORDS.length)] as string;
      const head = Buffer.alloc(1 + 8 + NONCE_BYTES);
      head.writeUInt8(VERSION, 0);
      head.writeBigUInt64BE(BigInt(now() + lifetimeMs), 1);
      randomBytes(NONCE_BYTES).copy(head, 9);
      const challengeId = Buffer.concat([head, mac(head, word)]).toString('base64url');
      return { challengeId, imageSvg: renderWordSvg(word) };
    },
    verifier: {
      async verify(token: string) {
        if (typeof token !== 'string' || token.length > 200) return { success: false };
        const dot = token.indexOf('.');
        if (dot === -1) return { success: false };
        const id = Buffer.from(token.slice(0, dot), 'base64url');
        const answer = token.slice(dot + 1);
        if (id.length !== ID_BYTES || id.readUInt8(0) !== VERSION || !answer.trim())
          return { success: false };
        if (Number(id.readBigUInt64BE(1)) <= now()) return { success: false };
        const head = id.subarray(0, ID_BYTES - MAC_BYTES);
        const given = id.subarray(ID_BYTES - MAC_BYTES);
        return { success: timingSafeEqual(given, mac(head, answer)) };
      },
    },
  };
}

const between = (min: number, max: number) => randomInt(min, max + 1);

/**
 * The word in one <text> element, each letter turned a little, over a few noise curves.
 * Presentation attributes only (no style element or attribute, no script), so a strict CSP allows it.
 */
function renderWordSvg(word: string): string {
  const width = 240;
  const height = 80;
  const noise: string[] = [];
  for (let i = 0; i < 5; i++) {
    const d = `M${between(0, 40)} ${between(10, 70)} Q${between(60, 180)} ${between(0, 80)} ${between(200, 240)} ${between(10, 70)}`;
    noise.push(`<path d="${d}" fill="none" stroke="#768692" stroke-width="${between(1, 2)}"/>`);
  }
  for (let i = 0; i < 25; i++) {
    noise.push(`<circle cx="${between(0, width)}" cy="${between(0, height)}" r="1.5" fill="#aeb7bd"/>`);
  }
  const rotate = [...word].map(() => between(-18, 18)).join(' ');
  const tilt = between(-5, 5);
  const skew = between(-10, 10);
  const text =
    `<text x="${width / 2}" y="54" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" ` +
    `font-size="36" font-weight="bold" letter-spacing="6" fill="#212b32" rotate="${rotate}" ` +
    `transform="rotate(${tilt} ${width / 2} ${height / 2}) skewX(${skew})">${word}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${DEV_CAPTCHA_LABEL}" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#f0f4f5"/>${noise.join('')}${text}</svg>`
  );
}
