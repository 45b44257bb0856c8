/**
 * The title of every page (its <h1> and <title>), read by rendering each page with its sample model:
 * never copied by hand, so a reworded page is a reworded diagram and funnel. The one place titles come
 * from; when the screens become modules with their own samples, this reads their registry instead.
 */
import { sampleModels } from '../../test/views/samples.js';
import { pageViewFor } from '../views/index.js';

/** Pages the browser leaves the service for: no page of ours to read a title from. */
const EXTERNAL_TITLES: Record<string, string> = {
  'nhsnet-redirect': 'NHS.net Connect login (outside this service)',
};

let cached: Map<string, string> | null = null;

/** View id → page title. */
export function pageTitles(): Map<string, string> {
  if (cached) return cached;
  const titles = new Map<string, string>(Object.entries(EXTERNAL_TITLES));
  for (const model of Object.values(sampleModels())) titles.set(model.view, pageViewFor(model).title);
  cached = titles;
  return titles;
}
