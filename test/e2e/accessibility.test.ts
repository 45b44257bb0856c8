/**
 * Accessibility: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every screen of the journey and
 * every error state, in a real browser against the real service. Zero violations.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_SCREEN_IDS } from '../../src/screens/index.js';
import { type Stop, tourScreens } from '../../tooling/screens/screen-tour.js';
import { type AxeViolation, axeViolations, formatViolations } from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: false });

describe('accessibility (axe-core, browser)', { timeout: 300_000 }, () => {
  it('accessibility: every screen and every error state has no WCAG 2.2 A/AA violations', async () => {
    const found: { stop: Stop; violations: AxeViolation[] }[] = [];
    const stops = await tourScreens(
      e2e.browser,
      e2e.svc,
      async (page, stop) => {
        found.push({ stop, violations: await axeViolations(page) });
      },
      { bypassCSP: true },
    );

    const visited = new Set(stops.map((s) => s.view));
    // Every page of the screen registry, and the one page that is not a screen.
    const pages = [...PAGE_SCREEN_IDS, 'not-found'];
    for (const view of pages) expect(visited, `${view} was not visited`).toContain(view);
    expect([...visited].filter((view) => !pages.includes(view))).toEqual([]);
    const errorStates = stops.filter((s) => s.variant !== 'default').length;
    expect(errorStates).toBeGreaterThanOrEqual(15);

    const report = found
      .filter((f) => f.violations.length > 0)
      .map((f) => formatViolations(`${f.stop.view} (${f.stop.variant})`, f.violations))
      .join('\n');
    if (report) console.error(report);
    expect(report).toBe('');
  });
});
