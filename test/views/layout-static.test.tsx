/**
 * Pages are made from the layout rendered once (src/views/layout-static.tsx): the markup must be
 * exactly what <Layout> renders, for every page, with and without a timeout warning and a back link.
 */
import { describe, expect, it } from 'vitest';
import { pageViewFor, renderPage, type ViewModel } from '../../src/views/index.js';
import { Layout } from '../../src/views/layout.js';
import { layoutPrerenderedFor } from '../../src/views/layout-static.js';
import { modelsWithErrors, SITE, sampleModels } from './samples.js';

const whole = (model: ViewModel) => String(<Layout page={model.page} view={pageViewFor(model)} />);

describe('the pre-rendered layout', () => {
  it('is in use (the layout has the shape its pieces were cut from)', () => {
    expect(layoutPrerenderedFor(SITE)).toBe(true);
  });

  it('gives every page exactly the markup of <Layout>', () => {
    const models = [...Object.values(sampleModels()), ...modelsWithErrors().map((m) => m.model)];
    for (const model of models) {
      for (const page of [
        model.page,
        { ...model.page, backLink: null, timeout: undefined },
        {
          ...model.page,
          backLink: '/add-authenticator/start?x=<1>&y="2"',
          timeout: { warnAtMs: 10, expiresAtMs: 20, absoluteExpiresAtMs: 30, nowMs: 5 },
        },
      ]) {
        const variant = { ...model, page } as ViewModel;
        expect(renderPage(variant), model.view).toBe(whole(variant));
      }
    }
  });
});
