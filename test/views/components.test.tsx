import { raw } from '@add-authenticator/jsx-html';
import { describe, expect, it } from 'vitest';
import {
  BackLink,
  Button,
  type ButtonProps,
  Checkboxes,
  type ChoiceItem,
  Details,
  ErrorMessage,
  ErrorSummary,
  Fieldset,
  Footer,
  Header,
  Hint,
  Input,
  type InputProps,
  InsetText,
  Label,
  type LegendProps,
  Panel,
  PasswordInput,
  Radios,
  SkipLink,
  WarningCallout,
} from '../../src/views/components/index.js';
import { type Fixture, fixture, normalise } from './html.js';

// The fixture contexts are the nunjucks macro options; these adapters turn them into our props.
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is untyped by nature
type Ctx = any;

const content = (value: Ctx) => (value?.html !== undefined ? raw(value.html) : value?.text);
const notSmall = (context: Record<string, unknown>) => context.small !== true;

function label(ctx: Ctx) {
  if (typeof ctx.heading === 'string') return { text: ctx.heading, size: ctx.size, isPageHeading: true };
  return { text: ctx.text, size: ctx.size };
}

function legend(ctx: Ctx): LegendProps {
  if (typeof ctx === 'string') return { text: ctx };
  if (typeof ctx.heading === 'string') return { text: ctx.heading, size: ctx.size, isPageHeading: true };
  return { text: ctx.text, size: ctx.size };
}

function inputProps(ctx: Ctx): InputProps {
  return {
    id: ctx.id ?? ctx.name,
    name: ctx.name,
    label: label(ctx.label),
    hint: ctx.hint === undefined ? undefined : content(ctx.hint),
    errorMessage: ctx.errorMessage === true ? true : content(ctx.errorMessage),
    value: ctx.value,
    width: ctx.width,
    code: ctx.code,
    classes: ctx.classes,
    autocomplete: ctx.autocomplete,
    inputmode: ctx.inputmode,
    spellcheck: ctx.spellcheck,
    disabled: ctx.disabled,
  };
}

function choices(ctx: Ctx) {
  return {
    name: ctx.name,
    idPrefix: ctx.idPrefix,
    fieldset: ctx.fieldset ? { legend: legend(ctx.fieldset.legend) } : undefined,
    hint: ctx.hint === undefined ? undefined : content(ctx.hint),
    errorMessage: ctx.errorMessage === true ? true : content(ctx.errorMessage),
    small: ctx.small,
    items: ctx.items.map(
      (item: Ctx): ChoiceItem => ({
        value: item.value,
        text: item.text,
        hint: item.hint === undefined ? undefined : content(item.hint),
        disabled: item.disabled,
        checked: item.checked,
        conditional: item.conditional === undefined ? undefined : raw(item.conditional.html),
      }),
    ),
  };
}

function expectSameMarkup(rendered: unknown, golden: Fixture) {
  expect(normalise(String(rendered))).toBe(normalise(golden.html));
}

describe('normaliser', () => {
  it('ignores attribute order, whitespace, entity style and self-closing syntax', () => {
    expect(normalise('<p  b="2" a="1">\n  it&#39;s  <br/> ok\n</p>')).toBe(
      normalise('<p a="1" b="2">it\'s<br>ok</p>'),
    );
    expect(normalise('<input disabled="">')).toBe(normalise('<input disabled>'));
  });

  it('still tells different markup apart', () => {
    expect(normalise('<p class="a">x</p>')).not.toBe(normalise('<p class="b">x</p>'));
    expect(normalise('<p>x</p>')).not.toBe(normalise('<p>y</p>'));
    expect(normalise('<p id="x">x</p>')).not.toBe(normalise('<p>x</p>'));
  });

  it('refuses a fixture name that does not exist', () => {
    expect(() => fixture('button', 'no such fixture')).toThrow(/found 0/);
  });
});

describe('error summary matches nhsuk-frontend', () => {
  for (const name of [
    'default',
    'with multiple errors',
    'with description',
    'without error link',
    'auto-focus disabled',
  ]) {
    it(name, () => {
      const golden = fixture('error-summary', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        <ErrorSummary
          heading={ctx.heading.text}
          description={ctx.description?.text}
          disableAutoFocus={ctx.disableAutoFocus}
          errors={ctx.errorList.map((item: Ctx) => ({ text: item.text, href: item.href }))}
        />,
        golden,
      );
    });
  }
});

describe('input matches nhsuk-frontend', () => {
  const names = [
    'default',
    'with hint',
    'with error message',
    'with error message and hint',
    'with error only',
    'with code input styling',
    'with autocomplete attribute',
    'example email address',
    'disabled',
  ];
  for (const name of names) {
    it(name, () => {
      const golden = fixture('input', name);
      expectSameMarkup(<Input {...inputProps(golden.context)} />, golden);
    });
  }
  it('width 10', () => {
    const golden = fixture('input', 'width', (ctx) => ctx.width === 10);
    expectSameMarkup(<Input {...inputProps(golden.context)} />, golden);
  });
});

describe('password input matches nhsuk-frontend', () => {
  for (const name of ['default', 'with hint', 'with error message and hint', 'with autocomplete attribute']) {
    it(name, () => {
      const golden = fixture('password-input', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        <PasswordInput
          id={ctx.id ?? ctx.name}
          name={ctx.name}
          label={label(ctx.label)}
          hint={ctx.hint?.text}
          errorMessage={ctx.errorMessage?.text}
          autocomplete={ctx.autocomplete}
        />,
        golden,
      );
    });
  }
});

describe('radios match nhsuk-frontend', () => {
  const names = [
    'default',
    'with hint',
    'with hints on items',
    'with error message',
    'with error only',
    'disabled input',
    'with pre-checked value',
    'without fieldset',
  ];
  for (const name of names) {
    it(name, () => {
      const golden = fixture('radios', name, notSmall);
      expectSameMarkup(<Radios {...choices(golden.context)} value={(golden.context as Ctx).value} />, golden);
    });
  }
  it('default, small', () => {
    const golden = fixture('radios', 'default', (ctx) => ctx.small === true);
    expectSameMarkup(<Radios {...choices(golden.context)} />, golden);
  });
});

describe('checkboxes match nhsuk-frontend', () => {
  const names = [
    'default',
    'with error message and hint',
    'with error only',
    'with hints on items',
    'with pre-checked values',
    'without fieldset',
  ];
  for (const name of names) {
    it(name, () => {
      const golden = fixture('checkboxes', name, notSmall);
      expectSameMarkup(
        <Checkboxes {...choices(golden.context)} values={(golden.context as Ctx).values} />,
        golden,
      );
    });
  }
});

describe('button matches nhsuk-frontend', () => {
  const names = [
    'default',
    'secondary',
    'secondary, small',
    'warning',
    'disabled',
    'with double click prevented',
    'with double click not prevented',
    'as a link',
    'login as a link',
  ];
  for (const name of names) {
    it(name, () => {
      const golden = fixture('button', name);
      const ctx = golden.context as Ctx;
      const props: ButtonProps = {
        text: ctx.text,
        variant: ctx.variant,
        small: ctx.small,
        href: ctx.href,
        disabled: ctx.disabled,
        preventDoubleClick: ctx.preventDoubleClick,
      };
      expectSameMarkup(<Button {...props} />, golden);
    });
  }
});

describe('panel matches nhsuk-frontend', () => {
  for (const name of ['default', 'with heading level 1', 'with heading level 2', 'with HTML']) {
    it(name, () => {
      const golden = fixture('panel', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        <Panel heading={ctx.heading.text} headingLevel={ctx.heading.level}>
          {ctx.html === undefined ? ctx.text : raw(ctx.html)}
        </Panel>,
        golden,
      );
    });
  }
});

describe('smaller components match nhsuk-frontend', () => {
  it('back link', () => {
    const golden = fixture('back-link', 'default', (ctx) => ctx.variant === undefined);
    expectSameMarkup(<BackLink href="#" />, golden);
  });

  it('skip link', () => {
    expectSameMarkup(<SkipLink />, fixture('skip-link', 'default'));
  });

  it('error message', () => {
    const golden = fixture('error-message', 'default');
    expectSameMarkup(<ErrorMessage text={(golden.context as Ctx).text} />, golden);
  });

  it('hint', () => {
    const golden = fixture('hint', 'default');
    expectSameMarkup(<Hint text={(golden.context as Ctx).text} />, golden);
  });

  it('label as page heading', () => {
    const golden = fixture('label', 'default');
    expectSameMarkup(<Label {...label(golden.context)} />, golden);
  });

  for (const name of ['default', 'with HTML']) {
    it(`inset text: ${name}`, () => {
      const golden = fixture('inset-text', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        ctx.html === undefined ? <InsetText text={ctx.text} /> : <InsetText>{raw(ctx.html)}</InsetText>,
        golden,
      );
    });
  }

  for (const name of ['default', 'with custom heading', 'with HTML']) {
    it(`warning callout: ${name}`, () => {
      const golden = fixture('warning-callout', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        ctx.html === undefined ? (
          <WarningCallout heading={ctx.heading.text} text={ctx.text} />
        ) : (
          <WarningCallout heading={ctx.heading.text}>{raw(ctx.html)}</WarningCallout>
        ),
        golden,
      );
    });
  }

  for (const name of ['default', 'open']) {
    it(`details: ${name}`, () => {
      const golden = fixture('details', name);
      const ctx = golden.context as Ctx;
      expectSameMarkup(
        <Details summary={ctx.summary.text} open={ctx.open}>
          {ctx.text}
        </Details>,
        golden,
      );
    });
  }

  for (const name of ['default', 'without legend heading']) {
    it(`fieldset: ${name}`, () => {
      const golden = fixture('fieldset', name);
      expectSameMarkup(<Fieldset legend={legend((golden.context as Ctx).legend)} />, golden);
    });
  }

  it('header with service name linked with the logo', () => {
    const golden = fixture(
      'header',
      'with service name (linked with logo)',
      (ctx) => ctx.colour === undefined,
    );
    const ctx = golden.context as Ctx;
    expectSameMarkup(<Header service={{ text: ctx.service.text, href: ctx.service.href }} />, golden);
  });

  it('footer with meta links', () => {
    const golden = fixture('footer', 'default');
    expectSameMarkup(<Footer links={(golden.context as Ctx).meta.items} />, golden);
  });

  it('footer with copyright only', () => {
    expectSameMarkup(<Footer />, fixture('footer', 'with copyright text only'));
  });
});
