/**
 * Why a secret is too weak for production, by name of the weakness. An estimate: it catches the usual
 * mistakes (a placeholder copied from documentation, a repeated character, a short or low-variety value),
 * not every guessable one. Generated values (`openssl rand -base64 32`, `openssl rand -hex 32`) pass.
 */

/** 32 bytes: what every key and HMAC secret of the service is meant to carry. */
export const REQUIRED_BITS = 256;

/** Values published in this repository's documentation and tests, and the usual placeholders. */
const KNOWN_EXAMPLES = new Set([
  'test-cookie-secret-0123456789abcdefghij',
  'test-email-code-key-0123456789abcdefghij',
  'test-rate-limit-key-0123456789abcdefghij',
  'test-client-secret-0123456789abcdef',
]);
const PLACEHOLDER_WORDS = [
  'changeme',
  'change-me',
  'change_me',
  'replaceme',
  'replace-me',
  'placeholder',
  'example',
  'your-secret',
  'yoursecret',
  'secret-here',
];

/** The shortest p such that the value repeats its first p symbols at least twice (so "abcabcab" → 3);
 *  its length when it does not repeat. */
function smallestPeriod<T>(symbols: ArrayLike<T>): number {
  const n = symbols.length;
  for (let p = 1; p <= n / 2; p++) {
    let periodic = true;
    for (let i = p; i < n && periodic; i++) periodic = symbols[i] === symbols[i - p];
    if (periodic) return p;
  }
  return n;
}

/** Bits per character of the alphabet the value appears to be drawn from. */
function bitsPerCharacter(value: string): number {
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return 4;
  // Mixed-case letters from the base64 alphabets only: the output of a base64 encoder.
  if (/^[A-Za-z0-9+/_-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) return 6;
  let size = 0;
  if (/[0-9]/.test(value)) size += 10;
  if (/[a-z]/.test(value)) size += 26;
  if (/[A-Z]/.test(value)) size += 26;
  if (/[^0-9A-Za-z]/.test(value)) size += 33;
  return Math.log2(Math.max(size, 2));
}

/** Estimated entropy of a text secret, in bits: its non-repeating length times its alphabet's bits. */
export function estimateTextBits(value: string): number {
  const body = value.replace(/=+$/, '');
  return smallestPeriod(body) * bitsPerCharacter(body);
}

function knownExample(value: string): boolean {
  const lower = value.toLowerCase();
  return KNOWN_EXAMPLES.has(value) || PLACEHOLDER_WORDS.some((word) => lower.includes(word));
}

/** The weaknesses of a text secret (an HMAC key, a bearer token); empty when none was found. */
export function textSecretWeaknesses(value: string): string[] {
  const found: string[] = [];
  if (knownExample(value)) found.push('a known example value');
  const distinct = new Set(value.replace(/=+$/, '')).size;
  if (distinct <= 1) found.push('one character repeated');
  else if (distinct < 10) found.push(`few distinct characters (${distinct})`);
  const bits = estimateTextBits(value);
  if (bits < REQUIRED_BITS) found.push(`less than 32 bytes of entropy (about ${Math.floor(bits)} bits)`);
  return found;
}

/** The weaknesses of a binary key (already decoded); empty when none was found. */
export function keyWeaknesses(key: Uint8Array, encoded: string): string[] {
  const found: string[] = [];
  if (knownExample(encoded)) found.push('a known example value');
  if (key.every((byte) => byte === 0)) found.push('an all-zero key');
  const distinct = new Set(key).size;
  if (distinct > 1 && distinct < 16) found.push(`few distinct bytes (${distinct})`);
  else if (distinct === 1 && key[0] !== 0) found.push('one byte repeated');
  const bits = smallestPeriod(key) * 8;
  if (bits < REQUIRED_BITS) found.push(`less than 32 bytes of entropy (about ${bits} bits)`);
  return found;
}

/** Problems, by setting name, for the secrets that are set but weak (keys are base64 and 32 bytes long;
 *  a key of another length is reported by its own check). */
export function weakSecretProblems(
  texts: Record<string, string | undefined>,
  keys: Record<string, string | undefined>,
): string[] {
  const problems: string[] = [];
  const report = (name: string, weak: string[]) => {
    if (weak.length) problems.push(`${name}: too weak for production (${weak.join(', ')})`);
  };
  for (const [name, value] of Object.entries(texts)) if (value) report(name, textSecretWeaknesses(value));
  for (const [name, value] of Object.entries(keys)) {
    const key = value ? Buffer.from(value, 'base64') : null;
    if (value && key?.length === 32) report(name, keyWeaknesses(key, value));
  }
  return problems;
}
