import { describe, expect, it } from 'vitest';
import {
  createPasswordService,
  MIN_ARGON2_MEMORY_KIB,
  verifyPassword,
} from '../../src/services/passwords/password-service.js';

const email = 'jane.smith@nhs.net';
const service = createPasswordService();

/** Reads the parameters of a PHC string such as `$argon2id$v=19$m=19456,p=1,t=2$salt$hash`. */
function argon2Parameters(hash: string) {
  const [, algorithm, version, params] = hash.split('$');
  const values = Object.fromEntries((params ?? '').split(',').map((pair) => pair.split('=')));
  return { algorithm, version, m: Number(values.m), t: Number(values.t), p: Number(values.p) };
}

function problemOf(password: string, forEmail = email) {
  return service.check({ password, confirmation: password, email: forEmail }).password;
}

describe('password rules', () => {
  it('rejects passwords on the common list or guessable variants of them', () => {
    expect(problemOf('password1234')).toBe('common');
    expect(problemOf('qwertyuiop123')).toBe('common');
    expect(problemOf('P@ssw0rd12345')).toBe('common');
    expect(problemOf('iloveyou12345')).toBe('common');
    expect(problemOf('aaaaaaaaaaaa')).toBe('common');
    expect(problemOf('123456789012')).toBe('common');
  });

  it('accepts long passphrases and strong passwords without composition rules', () => {
    expect(problemOf('correct horse battery staple')).toBeUndefined();
    expect(problemOf('Tr0ub4dor&3xyz')).toBeUndefined();
    expect(problemOf('lichen-orbit-tuba-fjord')).toBeUndefined();
    expect(problemOf('zq8xpl2tvr6wkm')).toBeUndefined();
  });

  it('needs 12 to 128 characters', () => {
    expect(problemOf('')).toBe('missing');
    expect(problemOf('Zq8#pL2!vR6')).toBe('tooShort');
    expect(problemOf('Zq8#pL2!vR6w')).toBeUndefined();
    const long = 'Gh7$kLp2@Qz9mWv4#Rt8yBn1&Xc5Jd3^Fs6*Ue0%Ha'.repeat(4);
    expect(problemOf(long.slice(0, 128))).toBeUndefined();
    expect(problemOf(long.slice(0, 129))).toBe('tooLong');
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    const emoji = '🦊🐙🌵🎻🚲🧭🍋🪁🛶🧩🎲🔭';
    expect(emoji.length).toBe(24);
    expect(problemOf(emoji)).toBeUndefined();
    const elevenEmoji = [...emoji].slice(0, 11).join('');
    expect(elevenEmoji.length).toBe(22);
    expect(problemOf(elevenEmoji)).toBe('tooShort');
    const manyEmoji = [...emoji].join('').repeat(11);
    expect([...manyEmoji].length).toBe(132);
    expect(problemOf([...manyEmoji].slice(0, 128).join(''))).not.toBe('tooLong');
    expect(problemOf(manyEmoji)).toBe('tooLong');
    expect(problemOf('Ünïcødé-fjörd-Łódź-42')).toBeUndefined();
  });

  it('normalises with NFKC before checking', () => {
    // Full-width letters and digits are "password1234" after NFKC.
    expect(problemOf('ｐａｓｓｗｏｒｄ１２３４')).toBe('common');
    // Six "ﬁ" ligatures are 12 characters once normalised, so not too short (but a repeat).
    expect(problemOf('ﬁﬁﬁﬁﬁﬁ')).toBe('common');
    expect(
      service.check({ password: 'ｌｉｃｈｅｎ-orbit-tuba', confirmation: 'lichen-orbit-tuba', email }),
    ).toEqual({});
  });

  it("rejects a password containing the email address's local part", () => {
    expect(problemOf('jane.smith-river-otter')).toBe('containsEmail');
    expect(problemOf('river-JaneSmith-otter-42')).toBe('containsEmail');
    expect(problemOf('river-otter-42-jane.smith', 'Jane.Smith@NHS.net')).toBe('containsEmail');
  });

  it('ignores a local part shorter than 3 characters', () => {
    expect(problemOf('jo-river-otter-42', 'jo@nhs.net')).toBeUndefined();
    expect(problemOf('joe-river-otter-42', 'joe@nhs.net')).toBe('containsEmail');
  });

  it('rejects a password containing the service name', () => {
    expect(problemOf('my Care Identity lighthouse 99')).toBe('containsServiceName');
    expect(problemOf('Care-Identity-lighthouse-7')).toBe('containsServiceName');
    expect(problemOf('lighthouse careidentity 7')).toBe('containsServiceName');
    expect(problemOf('add authenticator lighthouse')).toBe('containsServiceName');
    expect(
      createPasswordService({ serviceNames: ['lighthouse'] }).check({
        password: 'my lighthouse keeper 9',
        confirmation: 'my lighthouse keeper 9',
        email,
      }).password,
    ).toBe('containsServiceName');
  });

  it('needs a matching confirmation', () => {
    expect(service.check({ password: 'lichen-orbit-tuba', confirmation: '', email })).toEqual({
      confirmation: 'confirmationMissing',
    });
    expect(
      service.check({ password: 'lichen-orbit-tuba', confirmation: 'lichen-orbit-tubA', email }),
    ).toEqual({
      confirmation: 'confirmationMismatch',
    });
    expect(service.check({ password: '', confirmation: '', email })).toEqual({
      password: 'missing',
      confirmation: 'confirmationMissing',
    });
  });
});

describe('password hashing', () => {
  it('hashes with argon2id, at least 19 MiB and 2 passes, one lane', async () => {
    const hash = await service.hash('lichen-orbit-tuba-fjord');
    const params = argon2Parameters(hash);
    expect(params.algorithm).toBe('argon2id');
    expect(params.version).toBe('v=19');
    expect(params.m).toBeGreaterThanOrEqual(19_456);
    expect(params.t).toBeGreaterThanOrEqual(2);
    expect(params.p).toBe(1);
    expect(hash).not.toContain('lichen');
    expect(await verifyPassword(hash, 'lichen-orbit-tuba-fjord')).toBe(true);
    expect(await verifyPassword(hash, 'lichen-orbit-tuba-fjorD')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await service.hash('lichen-orbit-tuba-fjord')).not.toBe(
      await service.hash('lichen-orbit-tuba-fjord'),
    );
  });

  it('verifies the NFKC form of the password', async () => {
    const hash = await service.hash('ｌｉｃｈｅｎ-orbit-tuba');
    expect(await verifyPassword(hash, 'lichen-orbit-tuba')).toBe(true);
  });

  it('uses stronger settings when configured and refuses weaker ones', async () => {
    const strong = createPasswordService({ argon2: { memoryCost: 32_768, timeCost: 3 } });
    expect(argon2Parameters(await strong.hash('lichen-orbit-tuba-fjord'))).toMatchObject({
      algorithm: 'argon2id',
      m: 32_768,
      t: 3,
      p: 1,
    });
    expect(() =>
      createPasswordService({ argon2: { memoryCost: MIN_ARGON2_MEMORY_KIB - 1, timeCost: 2 } }),
    ).toThrow();
    expect(() =>
      createPasswordService({ argon2: { memoryCost: MIN_ARGON2_MEMORY_KIB, timeCost: 1 } }),
    ).toThrow();
  });
});
