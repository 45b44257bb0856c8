import type { Child } from 'hono/jsx';
import type { SiteSettings } from '../settings/site.js';

export type { ServicePhase, SiteSettings } from '../settings/site.js';

/** Journey deadlines as epoch milliseconds, from the server's clock. */
export interface TimeoutInfo {
  /** When to show the warning (5 minutes before the inactivity expiry). */
  warnAtMs: number;
  /** Inactivity expiry; extending the journey moves it. */
  expiresAtMs: number;
  /** Absolute expiry; never moves. */
  absoluteExpiresAtMs: number;
  /** The server's clock when the page was made, so the browser can allow for clock skew. Defaults to render time. */
  nowMs?: number;
}

/** What every page needs from the HTTP layer. */
export interface PageContext {
  csrfToken: string;
  cspNonce: string;
  /** Where the back link leads (the page before, a plain link), or null for no back link. */
  backLink: string | null;
  viewId: string;
  timeout?: TimeoutInfo;
  /** The phase banner and the help links (settings): pages read them here, never from constants. */
  site: SiteSettings;
}

/** A validation error. field is the id of the input it belongs to ('' for an error of the page as a whole). */
export interface FieldError {
  field: string;
  message: string;
}

export interface PageProps {
  page: PageContext;
}

export interface FormPageProps extends PageProps {
  errors?: FieldError[];
}

/** What a page hands to the layout. */
export interface PageView {
  /** The page title without the service suffix, usually the h1. */
  title: string;
  /** The content of <main>. */
  content: Child;
  /** Errors on the page: they put "Error: " in front of the title. */
  errors?: FieldError[];
  /** Extra module scripts (same-origin URLs) the page needs. */
  scripts?: string[];
}
