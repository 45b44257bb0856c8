/**
 * What a person types, checked as SPEC.md "Numbers and rules" says: the email (≤ 254 characters, one @,
 * a domain with a dot; trimmed; compared case-insensitively: the GOV.UK email pattern), the NI number
 * (HMRC NIM39110: spaces and hyphens stripped, upper-cased; 2 letters, 6 digits, suffix A–D; first
 * letter not D F I Q U V; second not D F I O Q U V; BG GB KN NK NT TN ZZ never valid) and the 6-digit
 * email code. Each case is one rule, at its edge.
 */
import { describe, expect, it } from 'vitest';
import {
  codeProblem,
  emailProblem,
  isValidNiNumber,
  niNumberProblem,
  normaliseCode,
  normaliseEmail,
  normaliseNiNumber,
} from '../../src/machine/validation.js';

describe('email (GOV.UK pattern, SPEC: ≤ 254, one @, a domain with a dot, trim, case-insensitive)', () => {
  it.each([
    ['alex.morgan@nhs.net', null],
    ['  Alex.Morgan@NHS.net  ', null],
    ["o'brien+care_1@trust-name.nhs.uk", null],
    ['a@b.co', null],
    ['a@b.c', null],
    ['', 'required'],
    ['   ', 'required'],
    ['alex.morgan', 'format'],
    ['@nhs.net', 'format'],
    ['alex@@nhs.net', 'format'],
    ['alex@morgan@nhs.net', 'format'],
    ['alex@nhsnet', 'format'],
    ['alex@nhs.', 'format'],
    ['alex@.nhs.net', 'format'],
    ['alex@-nhs.net', 'format'],
    ['alex@nhs-.net', 'format'],
    ['alex@nhs..net', 'format'],
    ['alex@', 'format'],
    ['alex morgan@nhs.net', 'format'],
    ['alex\tmorgan@nhs.net', 'format'],
    ['alex@nhs net.uk', 'format'],
    ['alex,morgan@nhs.net', 'format'],
    ['alex(morgan)@nhs.net', 'format'],
    ['alex@nhs_trust.net', 'format'],
    [`${'a'.repeat(64)}@nhs.net`, null],
    [`${'a'.repeat(65)}@nhs.net`, 'format'],
  ])('%j → %s', (raw, problem) => {
    expect(emailProblem(raw)).toBe(problem);
  });

  it('is at most 254 characters once trimmed', () => {
    const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.nhs.net`;
    const at254 = `${'a'.repeat(254 - domain.length - 1)}@${domain}`;
    expect(at254).toHaveLength(254);
    expect(emailProblem(at254)).toBeNull();
    expect(emailProblem(` ${at254} `)).toBeNull();
    expect(emailProblem(`a${at254}`)).toBe('tooLong');
  });

  it('is kept trimmed and lower-cased, so one address compares equal however it was typed', () => {
    expect(normaliseEmail('  Alex.Morgan@NHS.Net \t')).toBe('alex.morgan@nhs.net');
  });
});

describe('NI number (HMRC NIM39110)', () => {
  it.each([
    ['AB123456C', true],
    ['AB123456A', true],
    ['AB123456B', true],
    ['AB123456D', true],
    ['AB123456E', false],
    ['AB12345C', false],
    ['AB1234567C', false],
    ['A1123456C', false],
    ['ABC23456C', false],
    ['XAB123456C', false],
    ['AB123456CX', false],
    ['AB123456', false],
    ['', false],
  ])('%s: two letters, six digits, a suffix A–D → %s', (ni, valid) => {
    expect(isValidNiNumber(ni)).toBe(valid);
  });

  it.each(['D', 'F', 'I', 'Q', 'U', 'V'])('first letter %s is never used', (letter) => {
    expect(isValidNiNumber(`${letter}A123456C`)).toBe(false);
  });

  it.each(['D', 'F', 'I', 'O', 'Q', 'U', 'V'])('second letter %s is never used', (letter) => {
    expect(isValidNiNumber(`A${letter}123456C`)).toBe(false);
  });

  it('O is allowed first (only the second letter may not be O)', () => {
    expect(isValidNiNumber('OA123456C')).toBe(true);
  });

  it.each(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])('prefix %s is never issued', (prefix) => {
    expect(isValidNiNumber(`${prefix}123456C`)).toBe(false);
  });

  it('other prefixes made of those letters are issued', () => {
    for (const prefix of ['BK', 'GN', 'KB', 'NB', 'TG', 'ZA', 'AZ'])
      expect(isValidNiNumber(`${prefix}123456C`)).toBe(true);
  });

  it('strips spaces (any white space) and hyphens and upper-cases before checking', () => {
    expect(normaliseNiNumber(' ab 12-34 56\tc ')).toBe('AB123456C');
    expect(normaliseNiNumber('AB--12  34--56 C')).toBe('AB123456C');
    expect(niNumberProblem('ab 12 34 56 c')).toBeNull();
    expect(niNumberProblem('JM-40-19-27-B')).toBeNull();
  });

  it('says "required" for nothing (or only spaces and hyphens), "format" for anything else wrong', () => {
    expect(niNumberProblem('')).toBe('required');
    expect(niNumberProblem(' - ')).toBe('required');
    expect(niNumberProblem('QQ 12 34 56 C')).toBe('format');
    expect(niNumberProblem('AB123456')).toBe('format');
  });
});

describe('email code (SPEC: 6 digits; typed or pasted with spaces or hyphens)', () => {
  it.each([
    ['123456', null],
    [' 123 456 ', null],
    ['12-34-56', null],
    ['12\t34 56', null],
    ['', 'required'],
    [' - ', 'required'],
    ['12345', 'format'],
    ['1234567', 'format'],
    ['12345a', 'format'],
    ['a123456', 'format'],
    ['123456a', 'format'],
    ['１２３４５６', 'format'],
  ])('%j → %s', (raw, problem) => {
    expect(codeProblem(raw)).toBe(problem);
  });

  it('keeps only the digits of what was typed', () => {
    expect(normaliseCode(' 12-34 56 ')).toBe('123456');
    expect(normaliseCode('1--2  3')).toBe('123');
  });
});
