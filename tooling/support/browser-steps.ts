/**
 * How a browser test runs the journey (with JavaScript, htmx swapping each next page in; or without
 * JavaScript) and how it waits for the page a step leads to: a new document, or a swapped-in page
 * container, which must have taken one request and replaced <main>.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';

/** How the browser runs the journey: with JavaScript, htmx swapping each next page in, or without. */
export type BrowserMode = 'htmx' | 'no-js';
export const BROWSER_MODES: readonly BrowserMode[] = ['htmx', 'no-js'];

const modes = new WeakMap<BrowserContext, BrowserMode>();
/** Called from the page each time htmx has settled a new page container. */
const swapListeners = new WeakMap<Page, () => void>();
const SWAP_BINDING = '__pageContainerSwapped';
const SWAP_SCRIPT = `document.addEventListener('htmx:afterSettle', (event) => {
  if (event.target && event.target.id === 'page-container') window.${SWAP_BINDING}();
});`;

/** Sets up a new context for its mode: with htmx, the page tells the test each time it swapped. */
export async function watchSteps(context: BrowserContext, mode: BrowserMode): Promise<void> {
  modes.set(context, mode);
  if (mode !== 'htmx') return;
  await context.exposeBinding(SWAP_BINDING, ({ page }) => swapListeners.get(page)?.());
  await context.addInitScript({ content: SWAP_SCRIPT });
}

export function modeOf(page: Page): BrowserMode {
  return modes.get(page.context()) ?? 'htmx';
}

/** How the steps of a page went: next pages htmx swapped in, and documents the browser loaded. */
export interface StepLog {
  swaps: number;
  loads: number;
}
const stepLogs = new WeakMap<Page, StepLog>();
export function stepLog(page: Page): StepLog {
  const log = stepLogs.get(page) ?? { swaps: 0, loads: 0 };
  stepLogs.set(page, log);
  return log;
}

/** Requests that make a step: documents and htmx's (scripts and styles a page loads are not steps). */
const STEP_REQUESTS = new Set(['document', 'xhr', 'fetch']);

/**
 * Runs an action that submits a form (or follows a link) and waits for the page it leads to: a new
 * document, or with htmx the next page's container swapped in. A swap must be one request to the
 * service, and must have replaced <main>.
 */
export async function andWait(page: Page, action: () => Promise<unknown>): Promise<'swap' | 'load'> {
  const htmx = modeOf(page) === 'htmx';
  const requests: string[] = [];
  let counting = true;
  const onRequest = (request: Request) => {
    if (counting && STEP_REQUESTS.has(request.resourceType()))
      requests.push(`${request.method()} ${request.url()}`);
  };
  if (htmx)
    await page.evaluate(() => {
      const main = document.getElementById('maincontent') as (HTMLElement & { swappedOut?: true }) | null;
      if (main) main.swappedOut = true;
    });
  page.on('request', onRequest);
  const loaded = page.waitForEvent('load', { timeout: 20_000 }).then(() => 'load' as const);
  const swapped = new Promise<'swap'>((resolve) => {
    swapListeners.set(page, () => {
      counting = false;
      resolve('swap');
    });
  });
  try {
    await action();
    const how = await Promise.race([loaded, swapped]);
    stepLog(page)[how === 'swap' ? 'swaps' : 'loads'] += 1;
    if (how === 'swap') await expectOneRequestSwap(page, requests);
    return how;
  } finally {
    loaded.catch(() => undefined);
    swapListeners.delete(page);
    page.off('request', onRequest);
  }
}

async function expectOneRequestSwap(page: Page, requests: string[]) {
  if (requests.length !== 1 || !requests[0]?.includes(new URL(page.url()).origin))
    throw new Error(`an htmx step made ${requests.length} requests, not one: ${requests.join(', ')}`);
  const replaced = await page.evaluate(() => {
    const main = document.getElementById('maincontent') as (HTMLElement & { swappedOut?: true }) | null;
    return main !== null && main.swappedOut === undefined;
  });
  if (!replaced) throw new Error(`an htmx step on ${page.url()} did not replace <main>`);
}
