/**
 * What the pages say about the service itself: its phase (the banner on every page) and where the
 * links for help lead. Settings (SERVICE_PHASE, FIND_RA_URL, CREATE_PROFILE_URL); the views get them
 * through each page's context, never as constants of their own.
 */

/** `live` shows no phase banner. */
export const SERVICE_PHASES = ['alpha', 'beta', 'live'] as const;
export type ServicePhase = (typeof SERVICE_PHASES)[number];

export interface SiteSettings {
  phase: ServicePhase;
  /** "Find your Registration Authority": a page for staff in primary and secondary care alike. */
  findRaUrl: string;
  /** The seed's "create a new profile" route, for someone with no Care Identity profile. */
  createProfileUrl: string;
}

/** NHS England's Registration Authorities and smartcards page: it covers every setting (a trust's own
 *  RA team for secondary care, and the primary care contacts), not primary care alone. */
export const DEFAULT_FIND_RA_URL = 'https://digital.nhs.uk/services/registration-authorities-and-smartcards';

/** NHS England's "Create your own Care Identity profile" guidance, which also says when the RA must
 *  create the profile instead. */
export const DEFAULT_CREATE_PROFILE_URL =
  'https://digital.nhs.uk/services/care-identity-service/applications-and-services/self-service-create-profile';

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  phase: 'beta',
  findRaUrl: DEFAULT_FIND_RA_URL,
  createProfileUrl: DEFAULT_CREATE_PROFILE_URL,
};
