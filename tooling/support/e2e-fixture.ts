/**
 * What each browser test file runs against: the service in its own process and one Chromium, started
 * before the file's tests and stopped after them; with `resetEach`, the service's stores and mail are
 * emptied before each test, so no test sees another's journeys.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Browser, launchBrowser } from './browser.js';
import { type RunningService, startService } from './service-process.js';

export interface E2e {
  readonly svc: RunningService;
  readonly browser: Browser;
}

export function serviceAndBrowser(opts: { resetEach: boolean }): E2e {
  const running: { svc?: RunningService; browser?: Browser } = {};
  beforeAll(async () => {
    [running.svc, running.browser] = await Promise.all([startService(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.svc?.stop();
  });
  if (opts.resetEach)
    beforeEach(async () => {
      await running.svc?.reset();
    });
  const started = <T>(what: T | undefined, name: string): T => {
    if (what === undefined) throw new Error(`the ${name} is started in beforeAll: use it inside a test`);
    return what;
  };
  return {
    get svc() {
      return started(running.svc, 'service');
    },
    get browser() {
      return started(running.browser, 'browser');
    },
  };
}
