/**
 * The title of every page (its <h1> and <title>), read by rendering each screen's page with its own
 * sample: never copied by hand, so a reworded page is a reworded diagram and funnel.
 */
import { PAGE_SCREEN_IDS, pageScreenOf } from '../screens/index.js';
import { DEFAULT_SITE_SETTINGS } from '../settings/site.js';
import type { PageContext } from '../views/types.js';

/** Pages the browser leaves the service for: no page of ours to read a title from. */
const EXTERNAL_TITLES: Record<string, string> = {
  'nhsnet-redirect': 'NHS.net Connect login (outside this service)',
};

let cached: Map<string, string> | null = null;

/** View id → page title. */
export function pageTitles(): Map<string, string> {
  if (cached) return cached;
  const titles = new Map<string, string>(Object.entries(EXTERNAL_TITLES));
  for (const view of PAGE_SCREEN_IDS) {
    const screen = pageScreenOf(view);
    if (!screen) continue;
    // Only the title is read: the settings the page would show make no difference to it.
    const page: PageContext = {
      csrfToken: '',
      cspNonce: '',
      backLink: null,
      viewId: view,
      site: DEFAULT_SITE_SETTINGS,
    };
    titles.set(view, screen.page({ page, ...screen.sample.props }).title);
  }
  cached = titles;
  return titles;
}
