import { z } from 'zod';
import type { AuthenticatorRecord, NewAuthenticator, Profile } from '../ports.js';
import { isValidEmail, isValidNiNumber, nhsnetLinkKey, normaliseEmail, normaliseNiNumber } from './rules.js';

const text = z.string().trim().min(1, 'must not be empty');
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const isoDate = z.iso.datetime({ offset: true });

const appFields = {
  type: z.literal('app'),
  encryptedSecret: text,
  passwordHash: z.string().startsWith('$argon2id$', 'must be an argon2id hash'),
  lastUsedTimeStep: z.int().nonnegative(),
};
const nhsnetFields = {
  type: z.literal('nhsnet'),
  issuer: z.url(),
  tenantId: text.nullable(),
  objectId: text.nullable(),
  subject: text,
  email: z.string().refine(isValidEmail, 'must be an email address'),
};
const passkeyFields = {
  type: z.literal('passkey'),
  credentialId: base64url,
  publicKey: base64url,
  counter: z.int().nonnegative(),
  transports: z.array(z.string().min(1)),
  aaguid: z.string().min(1),
  deviceType: z.enum(['singleDevice', 'multiDevice']),
  backedUp: z.boolean(),
};
const stored = { id: text, createdAt: isoDate };

export const newAuthenticatorSchema = z.discriminatedUnion('type', [
  z.strictObject(appFields),
  z.strictObject(nhsnetFields),
  z.strictObject(passkeyFields),
]);

export const authenticatorSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...appFields, ...stored }),
  z.strictObject({ ...nhsnetFields, ...stored }),
  z.strictObject({ ...passkeyFields, ...stored }),
]);

export const profileSchema = z.strictObject({
  id: text.max(128),
  name: text.max(200),
  emails: z
    .array(
      z
        .string()
        .trim()
        .refine(
          isValidEmail,
          'must be an email address (one @, a domain with a dot, at most 254 characters)',
        ),
    )
    .min(1, 'must list at least one email address'),
  niNumber: z
    .string()
    .transform(normaliseNiNumber)
    .refine(isValidNiNumber, 'must be a National Insurance number HMRC can issue, like AB123456C')
    .nullable(),
  status: z.enum(['active', 'suspended', 'closed']),
  authenticators: z.array(authenticatorSchema),
});

export interface ImportProblem {
  /** Index of the profile in the imported array; null for a problem with the whole file. */
  row: number | null;
  field: string;
  message: string;
}

export class ProfileImportError extends Error {
  readonly problems: ImportProblem[];
  constructor(problems: ImportProblem[]) {
    const lines = problems.map((problem) =>
      problem.row === null
        ? `${problem.field || 'file'}: ${problem.message}`
        : `row ${problem.row}${problem.field ? `, field ${problem.field}` : ''}: ${problem.message}`,
    );
    super(
      `profile import refused, nothing was written (${problems.length} problem(s)):\n${lines.join('\n')}`,
    );
    this.name = 'ProfileImportError';
    this.problems = problems;
  }
}

const fieldPath = (path: readonly PropertyKey[]) =>
  path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');

/** Checks one row after another, then what must be unique across rows; throws listing every problem. */
export function validateProfiles(rows: unknown): Profile[] {
  if (!Array.isArray(rows)) {
    throw new ProfileImportError([{ row: null, field: '', message: 'expected a JSON array of profiles' }]);
  }
  const problems: ImportProblem[] = [];
  const profiles: Profile[] = [];
  rows.forEach((row, index) => {
    const parsed = profileSchema.safeParse(row);
    if (parsed.success) profiles.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ row: index, field: fieldPath(issue.path), message: issue.message });
      }
    }
  });
  if (problems.length === 0) problems.push(...uniquenessProblems(profiles));
  if (problems.length > 0) throw new ProfileImportError(problems);
  return profiles;
}

function uniquenessProblems(profiles: Profile[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const owners = new Map<string, number>();
  const claim = (key: string, row: number, field: string, what: string) => {
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, row);
    else problems.push({ row, field, message: `${what} is already used by row ${owner}` });
  };
  profiles.forEach((profile, row) => {
    claim(`id:${profile.id}`, row, 'id', 'this profile id');
    profile.emails.forEach((email, index) => {
      claim(`email:${normaliseEmail(email)}`, row, `emails[${index}]`, 'this email address');
    });
    let nhsnetSeen = false;
    profile.authenticators.forEach((authenticator, index) => {
      const field = `authenticators[${index}]`;
      claim(`authenticator:${authenticator.id}`, row, `${field}.id`, 'this authenticator id');
      if (authenticator.type === 'nhsnet') {
        if (nhsnetSeen)
          problems.push({ row, field, message: 'a profile can have only one NHS.net Connect account' });
        nhsnetSeen = true;
        claim(`nhsnet:${nhsnetLinkKey(authenticator)}`, row, field, 'this NHS.net Connect account');
      }
      if (authenticator.type === 'passkey') {
        claim(
          `passkey:${authenticator.credentialId}`,
          row,
          `${field}.credentialId`,
          'this passkey credential id',
        );
      }
    });
  });
  return problems;
}

/** Gives a requested authenticator its id and creation time; a malformed request is a caller bug. */
export function completeAuthenticator(
  authenticator: NewAuthenticator,
  id: string,
  createdAt: string,
): AuthenticatorRecord {
  const checked = newAuthenticatorSchema.parse(authenticator);
  return { ...checked, id, createdAt };
}
