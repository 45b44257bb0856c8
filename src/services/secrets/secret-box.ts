import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../ports.js';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Raised for a sealed value that is malformed, tampered with, or sealed under another key. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

function decodeKey(keyBase64: string): Buffer {
  const trimmed = keyBase64.trim();
  // Buffer.from(…, 'base64') silently skips stray characters, so check the alphabet first.
  const key = BASE64_PATTERN.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The secret encryption key must be ${KEY_BYTES} bytes encoded as base64 (got ${key.length} bytes). ` +
        "Generate one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  return key;
}

function decodePart(part: string | undefined, expectedBytes?: number): Buffer {
  if (part === undefined || !/^[A-Za-z0-9_-]*$/.test(part))
    throw new SecretBoxError('sealed value is malformed');
  const bytes = Buffer.from(part, 'base64url');
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new SecretBoxError('sealed value is malformed');
  }
  return bytes;
}

/**
 * AES-256-GCM envelope `v1.<iv>.<ciphertext>.<tag>` (base64url parts). A fresh random 96-bit IV per
 * seal; the version prefix is authenticated as associated data so it cannot be swapped.
 */
export function createSecretBox(keyBase64: string): SecretBox {
  const key = decodeKey(keyBase64);
  const aad = Buffer.from(VERSION, 'utf8');

  return {
    seal(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        tag.toString('base64url'),
      ].join('.');
    },

    open(sealed: string): string {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('sealed value is malformed');
      const iv = decodePart(parts[1], IV_BYTES);
      const ciphertext = decodePart(parts[2]);
      const tag = decodePart(parts[3], TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('sealed value failed authentication');
      }
    },
  };
}
