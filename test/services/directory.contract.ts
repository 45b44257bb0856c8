import { describe, expect, it } from 'vitest';
import { ProfileImportError } from '../../src/services/directory/profile-schema.js';
import type { NewAuthenticator, Profile, ProfileDirectory } from '../../src/services/ports.js';

/** Makes an empty, isolated directory. */
export type DirectoryFactory = () => Promise<ProfileDirectory>;

const profiles: Profile[] = [
  {
    id: 'p-active',
    name: 'Morgan Example',
    emails: ['Morgan.Example@nhs.net', 'm.example@example-trust.nhs.uk'],
    niNumber: 'AB123456C',
    status: 'active',
    authenticators: [],
  },
  {
    id: 'p-other',
    name: 'Riley Sample',
    emails: ['riley.sample@nhs.net'],
    niNumber: 'CE 65 43 21 A',
    status: 'active',
    authenticators: [],
  },
  {
    id: 'p-no-ni',
    name: 'Jamie Placeholder',
    emails: ['jamie.placeholder@nhs.net'],
    niNumber: null,
    status: 'active',
    authenticators: [],
  },
  {
    id: 'p-suspended',
    name: 'Sam Fictional',
    emails: ['sam.fictional@nhs.net'],
    niNumber: 'JM987654B',
    status: 'suspended',
    authenticators: [],
  },
  {
    id: 'p-closed',
    name: 'Alex Invented',
    emails: ['alex.invented@nhs.net'],
    niNumber: 'KP246813D',
    status: 'closed',
    authenticators: [],
  },
];

const app: NewAuthenticator = {
  type: 'app',
  encryptedSecret: 'v1.sealed-secret',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  lastUsedTimeStep: 58_000_000,
};
const nhsnet = (objectId: string): NewAuthenticator => ({
  type: 'nhsnet',
  issuer: 'https://login.example.test/tenant/v2.0',
  tenantId: 'tenant-1',
  objectId,
  subject: `sub-${objectId}`,
  email: 'someone@nhs.net',
});
const passkey = (credentialId: string): NewAuthenticator => ({
  type: 'passkey',
  credentialId,
  publicKey: 'pQECAyYgASFYIA',
  counter: 0,
  transports: ['hybrid', 'internal'],
  aaguid: '00000000-0000-0000-0000-000000000000',
  deviceType: 'multiDevice',
  backedUp: true,
});

const seeded = async (create: DirectoryFactory) => {
  const directory = await create();
  await directory.importProfiles(structuredClone(profiles));
  return directory;
};

export function profileDirectoryContract(name: string, create: DirectoryFactory): void {
  describe(`ProfileDirectory contract: ${name}`, () => {
    it('matches any of the emails, whatever the case and blanks, with the NI number in any layout', async () => {
      const directory = await seeded(create);
      const expected = {
        profileId: 'p-active',
        status: 'active',
        hasNhsnet: false,
        passkeyCount: 0,
        appCount: 0,
      };
      expect(await directory.findByEmailAndNiNumber('  morgan.EXAMPLE@NHS.net ', 'ab 12 34 56 c')).toEqual(
        expected,
      );
      expect(await directory.findByEmailAndNiNumber('M.Example@example-trust.nhs.uk', 'AB123456C')).toEqual(
        expected,
      );
      expect(await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB-12-34-56-C')).toEqual(
        expected,
      );
    });

    it('does not match a wrong NI number, an unknown email, or an NI number of another profile', async () => {
      const directory = await seeded(create);
      expect(await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB123456D')).toBeNull();
      expect(await directory.findByEmailAndNiNumber('nobody@nhs.net', 'AB123456C')).toBeNull();
      expect(await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'CE654321A')).toBeNull();
    });

    it('never matches a profile without an NI number', async () => {
      const directory = await seeded(create);
      expect(await directory.findByEmailAndNiNumber('jamie.placeholder@nhs.net', 'AB123456C')).toBeNull();
      expect(await directory.findByEmailAndNiNumber('jamie.placeholder@nhs.net', '')).toBeNull();
    });

    it('matches suspended and closed profiles and reports their status', async () => {
      const directory = await seeded(create);
      expect((await directory.findByEmailAndNiNumber('sam.fictional@nhs.net', 'JM987654B'))?.status).toBe(
        'suspended',
      );
      expect((await directory.findByEmailAndNiNumber('alex.invented@nhs.net', 'KP246813D'))?.status).toBe(
        'closed',
      );
    });

    it('gets a whole profile, with the NI number stored normalised', async () => {
      const directory = await seeded(create);
      expect(await directory.get('p-other')).toEqual({ ...profiles[1], niNumber: 'CE654321A' });
      expect(await directory.get('missing')).toBeNull();
    });

    it('adds an authenticator app with an id and a creation time, and counts it', async () => {
      const directory = await seeded(create);
      const result = await directory.addAuthenticator('p-active', app, 'key-app-1');
      expect(result.outcome).toBe('added');
      const profile = await directory.get('p-active');
      expect(profile?.authenticators).toHaveLength(1);
      const [record] = profile?.authenticators ?? [];
      expect(record).toMatchObject({ ...app });
      expect(result).toEqual({ outcome: 'added', authenticatorId: record?.id });
      expect(record?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(record?.createdAt ?? '').toISOString()).toBe(record?.createdAt);
      expect((await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB123456C'))?.appCount).toBe(
        1,
      );
    });

    it('answers a retry with the same idempotency key with the first outcome, adding nothing', async () => {
      const directory = await seeded(create);
      const first = await directory.addAuthenticator('p-active', app, 'key-retry');
      const again = await directory.addAuthenticator('p-active', app, 'key-retry');
      expect(again).toEqual(first);
      expect((await directory.get('p-active'))?.authenticators).toHaveLength(1);
      // A new key is a new request: a second app may be added.
      expect((await directory.addAuthenticator('p-active', app, 'key-retry-2')).outcome).toBe('added');
      expect((await directory.get('p-active'))?.authenticators).toHaveLength(2);
    });

    it('links one NHS.net Connect account to one profile only, and one account per profile', async () => {
      const directory = await seeded(create);
      expect((await directory.addAuthenticator('p-active', nhsnet('oid-1'), 'k1')).outcome).toBe('added');
      expect(await directory.addAuthenticator('p-other', nhsnet('oid-1'), 'k2')).toEqual({
        outcome: 'linkedElsewhere',
      });
      expect(await directory.addAuthenticator('p-active', nhsnet('oid-1'), 'k3')).toEqual({
        outcome: 'alreadyOnProfile',
      });
      expect(await directory.addAuthenticator('p-active', nhsnet('oid-2'), 'k4')).toEqual({
        outcome: 'alreadyOnProfile',
      });
      expect((await directory.addAuthenticator('p-other', nhsnet('oid-2'), 'k5')).outcome).toBe('added');
      expect((await directory.findByEmailAndNiNumber('riley.sample@nhs.net', 'CE654321A'))?.hasNhsnet).toBe(
        true,
      );
      expect((await directory.get('p-other'))?.authenticators).toHaveLength(1);
    });

    it('refuses a passkey credential already registered, on this profile or another', async () => {
      const directory = await seeded(create);
      expect((await directory.addAuthenticator('p-active', passkey('cred-A'), 'k1')).outcome).toBe('added');
      expect(await directory.addAuthenticator('p-active', passkey('cred-A'), 'k2')).toEqual({
        outcome: 'alreadyOnProfile',
      });
      expect(await directory.addAuthenticator('p-other', passkey('cred-A'), 'k3')).toEqual({
        outcome: 'linkedElsewhere',
      });
      expect((await directory.addAuthenticator('p-active', passkey('cred-B'), 'k4')).outcome).toBe('added');
      const profile = await directory.get('p-active');
      expect(profile?.authenticators.map((a) => (a.type === 'passkey' ? a.credentialId : a.type))).toEqual([
        'cred-A',
        'cred-B',
      ]);
      expect(
        (await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB123456C'))?.passkeyCount,
      ).toBe(2);
    });

    it('adds nothing to a suspended, closed or unknown profile', async () => {
      const directory = await seeded(create);
      for (const profileId of ['p-suspended', 'p-closed', 'missing']) {
        expect(await directory.addAuthenticator(profileId, app, `k-${profileId}`)).toEqual({
          outcome: 'profileNotUsable',
        });
      }
      expect((await directory.get('p-suspended'))?.authenticators).toEqual([]);
      expect((await directory.get('p-closed'))?.authenticators).toEqual([]);
    });

    it('throws on a malformed authenticator instead of storing it', async () => {
      const directory = await seeded(create);
      const broken = { ...app, passwordHash: 'plain-text' } as NewAuthenticator;
      await expect(directory.addAuthenticator('p-active', broken, 'k')).rejects.toThrow();
      expect((await directory.get('p-active'))?.authenticators).toEqual([]);
    });

    it('adds exactly once under 10 parallel calls with the same idempotency key', async () => {
      const directory = await seeded(create);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => directory.addAuthenticator('p-active', app, 'same-key')),
      );
      expect(results[0]?.outcome).toBe('added');
      for (const result of results) expect(result).toEqual(results[0]);
      expect((await directory.get('p-active'))?.authenticators).toHaveLength(1);
    });

    it('links one NHS.net Connect account once under 10 parallel calls for two profiles', async () => {
      const directory = await seeded(create);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, call) =>
          directory.addAuthenticator(
            call % 2 === 0 ? 'p-active' : 'p-other',
            nhsnet('contested'),
            `call-${call}`,
          ),
        ),
      );
      expect(results.filter((result) => result.outcome === 'added')).toHaveLength(1);
      const a = (await directory.get('p-active'))?.authenticators ?? [];
      const b = (await directory.get('p-other'))?.authenticators ?? [];
      expect(a.length + b.length).toBe(1);
      const winner = a.length === 1 ? 0 : 1;
      results.forEach((result, call) => {
        if (result.outcome === 'added') return;
        expect(result.outcome).toBe(call % 2 === winner ? 'alreadyOnProfile' : 'linkedElsewhere');
      });
    });

    it('replaces the whole content on import, links included', async () => {
      const directory = await seeded(create);
      await directory.addAuthenticator('p-active', nhsnet('moved'), 'k1');
      const replacement: Profile[] = [{ ...structuredClone(profiles[1]!), id: 'p-new' }];
      expect(await directory.importProfiles(replacement)).toEqual({ imported: 1 });
      expect(await directory.get('p-active')).toBeNull();
      expect(await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB123456C')).toBeNull();
      expect((await directory.findByEmailAndNiNumber('riley.sample@nhs.net', 'CE654321A'))?.profileId).toBe(
        'p-new',
      );
      // The account linked to the removed profile is free again.
      expect((await directory.addAuthenticator('p-new', nhsnet('moved'), 'k2')).outcome).toBe('added');
    });

    it('keeps imported authenticators and their links', async () => {
      const directory = await seeded(create);
      await directory.addAuthenticator('p-active', nhsnet('kept'), 'k1');
      await directory.addAuthenticator('p-active', passkey('cred-kept'), 'k2');
      const exported = await directory.get('p-active');
      await directory.importProfiles([exported!, structuredClone(profiles[1]!)]);
      expect(await directory.get('p-active')).toEqual(exported);
      expect((await directory.addAuthenticator('p-other', nhsnet('kept'), 'k3')).outcome).toBe(
        'linkedElsewhere',
      );
      expect((await directory.addAuthenticator('p-other', passkey('cred-kept'), 'k4')).outcome).toBe(
        'linkedElsewhere',
      );
    });

    it('writes nothing when any row is bad, and says which row and field', async () => {
      const directory = await seeded(create);
      const rows = [
        structuredClone(profiles[1]),
        { ...structuredClone(profiles[0]), emails: ['not-an-email'] },
        { ...structuredClone(profiles[2]), niNumber: 'QQ123456C' },
      ] as Profile[];
      const error = await directory.importProfiles(rows).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProfileImportError);
      const problems = (error as ProfileImportError).problems;
      expect(problems).toEqual([
        expect.objectContaining({ row: 1, field: 'emails[0]' }),
        expect.objectContaining({ row: 2, field: 'niNumber' }),
      ]);
      expect((error as Error).message).toContain('row 1, field emails[0]');
      expect(await directory.get('p-active')).not.toBeNull();
      expect(await directory.get('p-suspended')).not.toBeNull();
    });

    it('refuses an import that repeats an id, an email or a linked account across rows', async () => {
      const directory = await seeded(create);
      const duplicateEmail = [
        structuredClone(profiles[0]!),
        { ...structuredClone(profiles[1]!), emails: ['MORGAN.example@nhs.net'] },
      ];
      await expect(directory.importProfiles(duplicateEmail)).rejects.toThrow(/row 1, field emails\[0\]/);
      const duplicateId = [
        structuredClone(profiles[0]!),
        { ...structuredClone(profiles[1]!), id: 'p-active' },
      ];
      await expect(directory.importProfiles(duplicateId)).rejects.toThrow(/row 1, field id/);
      expect(await directory.get('p-closed')).not.toBeNull();
    });

    it('answers ping', async () => {
      await expect((await create()).ping()).resolves.toBeUndefined();
    });
  });
}
