import type { Profile } from '../services/ports.js';
import { demoNhsnetAccounts, subjectOf } from './nhsnet-provider/accounts.js';

/**
 * Fictional profiles for development and demos, one per branch of the journey. NI numbers follow the
 * HMRC rules (so the journey's validation accepts them) and none is the never-issued QQ 12 34 56 C.
 */

const priyaMailbox = demoNhsnetAccounts.find((account) => account.email === 'priya.shah@nhs.net');
if (priyaMailbox === undefined)
  throw new Error('the development NHS.net Connect mailbox for Priya Shah is missing');

export const demoProfiles: Profile[] = [
  {
    // Active, NI number on the profile, nothing added yet: every method can be added.
    id: 'demo-0001',
    name: 'Alex Morgan',
    emails: ['alex.morgan@nhs.net', 'alex.morgan@example-trust.nhs.uk'],
    niNumber: 'AB123456C',
    status: 'active',
    authenticators: [],
  },
  {
    // Active with an NHS.net Connect account already linked: shown as already added.
    id: 'demo-0002',
    name: 'Priya Shah',
    emails: ['priya.shah@nhs.net'],
    niNumber: 'CE654321A',
    status: 'active',
    authenticators: [
      {
        type: 'nhsnet',
        id: '3f6f2a0e-8d1b-4c57-9a43-6b2f0d1e7c01',
        createdAt: '2025-02-03T10:15:00.000Z',
        // The embedded provider picks its port at start; links match on tenant and object id.
        issuer: 'http://localhost',
        tenantId: priyaMailbox.tid,
        objectId: priyaMailbox.oid,
        subject: subjectOf(priyaMailbox),
        email: priyaMailbox.email,
      },
    ],
  },
  {
    // Active but no NI number: the identity check can never match it.
    id: 'demo-0003',
    name: 'Jordan Ellis',
    emails: ['jordan.ellis@nhs.net'],
    niNumber: null,
    status: 'active',
    authenticators: [],
  },
  {
    // Suspended: matches, then "profile not found" once the email is proven.
    id: 'demo-0004',
    name: 'Casey Brooks',
    emails: ['casey.brooks@nhs.net'],
    niNumber: 'JM987654B',
    status: 'suspended',
    authenticators: [],
  },
  {
    // Closed: as suspended.
    id: 'demo-0005',
    name: 'Robin Hale',
    emails: ['robin.hale@nhs.net'],
    niNumber: 'KP246813D',
    status: 'closed',
    authenticators: [],
  },
  {
    // Active; its NHS.net Connect mailbox belongs to a tenant the service does not trust.
    id: 'demo-0006',
    name: 'Sam Okafor',
    emails: ['sam.okafor@nhs.net'],
    niNumber: 'LR135792A',
    status: 'active',
    authenticators: [],
  },
];
