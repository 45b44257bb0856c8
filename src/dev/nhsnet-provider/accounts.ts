import { createHash, timingSafeEqual } from 'node:crypto';

/** A mailbox of the development NHS.net Connect provider. */
export interface DevNhsnetAccount {
  email: string;
  password: string;
  /** Entra ID tenant id. */
  tid: string;
  /** Entra ID object id of the user. */
  oid: string;
  name: string;
}

/** Demo mailboxes: two that the service accepts, one from a tenant it does not trust, and one whose
 *  address is not an nhs.net address. */
export const demoNhsnetAccounts: readonly DevNhsnetAccount[] = [
  {
    email: 'alex.morgan@nhs.net',
    password: 'Correct-Horse-42',
    tid: 'nhs-demo-tenant',
    oid: '5d0c1f0e-6a52-4c1b-9f0e-1a2b3c4d5e01',
    name: 'Alex Morgan',
  },
  {
    email: 'priya.shah@nhs.net',
    password: 'Battery-Staple-17',
    tid: 'nhs-demo-tenant',
    oid: '5d0c1f0e-6a52-4c1b-9f0e-1a2b3c4d5e02',
    name: 'Priya Shah',
  },
  {
    email: 'sam.okafor@nhs.net',
    password: 'Other-Tenant-55',
    tid: 'other-tenant',
    oid: '9e8d7c6b-5a49-4382-a716-151413121103',
    name: 'Sam Okafor',
  },
  {
    email: 'chris.lee@example.com',
    password: 'Example-Domain-99',
    tid: 'nhs-demo-tenant',
    oid: '5d0c1f0e-6a52-4c1b-9f0e-1a2b3c4d5e04',
    name: 'Chris Lee',
  },
];

/** The provider's subject for an account: stable, and not the object id (as with Entra ID, where
 *  `sub` and `oid` differ). */
export function subjectOf(account: DevNhsnetAccount): string {
  return createHash('sha256').update(`${account.tid}:${account.oid}`).digest('base64url');
}

export class DevAccountBook {
  readonly #bySubject = new Map<string, DevNhsnetAccount>();

  constructor(accounts: readonly DevNhsnetAccount[]) {
    for (const account of accounts) this.#bySubject.set(subjectOf(account), account);
  }

  bySubject(subject: string): DevNhsnetAccount | undefined {
    return this.#bySubject.get(subject);
  }

  /** The account whose email and password both match, or undefined; every account is compared so the
   *  time taken does not tell which part was wrong. */
  authenticate(email: string, password: string): DevNhsnetAccount | undefined {
    const wantedEmail = email.trim().toLowerCase();
    let found: DevNhsnetAccount | undefined;
    for (const account of this.#bySubject.values()) {
      const emailMatches = account.email.toLowerCase() === wantedEmail;
      const passwordMatches = sameText(account.password, password);
      if (emailMatches && passwordMatches) found = account;
    }
    return found;
  }
}

function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
