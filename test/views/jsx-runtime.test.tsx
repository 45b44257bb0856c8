/**
 * The views' JSX runtime (packages/jsx-html): what reaches the browser is HTML in which no text or
 * attribute value can become markup (SPEC.md: untrusted input is escaped), with HTML's own rules for
 * void and boolean attributes.
 */
import { escapeHtml, Fragment, raw } from '@add-authenticator/jsx-html';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/views/render.js';

const html = (node: unknown) => renderHtml(node);

describe('the JSX runtime', () => {
  it('escapes text, so that a value cannot open a tag or an entity', () => {
    expect(html(<p>{'<script>alert("x") & \'y\'</script>'}</p>)).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>',
    );
  });

  it('escapes attribute values, so that a value cannot close its quotes', () => {
    const value = '" onmouseover="alert(1)';
    expect(html(<a href={value}>x</a>)).toBe('<a href="&quot; onmouseover=&quot;alert(1)">x</a>');
  });

  it('inserts escaped HTML (an element, or raw()) as it is, and nothing for null, undefined and booleans', () => {
    const inner = <em>a &amp; b</em>;
    expect(
      html(
        <p>
          {inner}
          {raw('<br/>')}
          {null}
          {undefined}
          {false}
          {true}
          {0}
        </p>,
      ),
    ).toBe('<p><em>a &amp; b</em><br/>0</p>');
  });

  it('closes void elements in the element itself and writes others with a closing tag', () => {
    expect(html(<input name="code" />)).toBe('<input name="code"/>');
    expect(html(<div />)).toBe('<div></div>');
  });

  it('writes a true boolean attribute as present and leaves a false one out', () => {
    expect(html(<input type="checkbox" checked={true} disabled={false} />)).toBe(
      '<input type="checkbox" checked=""/>',
    );
  });

  it('writes other booleans and numbers as their text', () => {
    expect(html(<div aria-hidden={true} tabindex={-1} data-count={3} />)).toBe(
      '<div aria-hidden="true" tabindex="-1" data-count="3"></div>',
    );
  });

  it('leaves out null and undefined attributes, and writes React-style names as HTML names', () => {
    expect(
      html(
        <label className="l" htmlFor="x" id={undefined} title={null as unknown as string}>
          Code
        </label>,
      ),
    ).toBe('<label class="l" for="x">Code</label>');
  });

  it('drops an attribute whose name could break out of the tag', () => {
    const props = { 'x" onload="alert(1)': 'y', 'data-ok': 'z' } as Record<string, string>;
    expect(html(<div {...props} />)).toBe('<div data-ok="z"></div>');
  });

  it('refuses a tag name that is not one', () => {
    const Tag = 'div onload=alert(1)' as 'div';
    expect(() => <Tag />).toThrow(/Invalid JSX tag name/);
  });

  it('refuses a function as an attribute other than an event handler, which it leaves out', () => {
    expect(html(<button type="button" onclick={() => 1} />)).toBe('<button type="button"></button>');
    const props = { title: () => 'x' } as unknown as Record<string, string>;
    expect(() => <div {...props} />).toThrow(/type 'function'/);
  });

  it('inserts dangerouslySetInnerHTML unescaped, never beside children', () => {
    expect(html(<script dangerouslySetInnerHTML={{ __html: 'a<b' }} />)).toBe('<script>a<b</script>');
    expect(() => (
      <div dangerouslySetInnerHTML={{ __html: 'x' }}>
        <p />
      </div>
    )).toThrow(/only set one/);
  });

  it('calls components at once with their props and children, and flattens fragments and lists', () => {
    const Item = (props: { label: string; children?: unknown }) => (
      <li title={props.label}>{props.children as string}</li>
    );
    const list = (
      <ul>
        {['a', 'b'].map((label) => (
          <Item label={label}>{label.toUpperCase()}</Item>
        ))}
        <Fragment>
          <li>c</li>
        </Fragment>
      </ul>
    );
    expect(html(list)).toBe('<ul><li title="a">A</li><li title="b">B</li><li>c</li></ul>');
  });

  it('refuses a child that is not text, a number, an element or a list (an object is never printed)', () => {
    const child = { toString: () => '<b>' } as unknown as string;
    expect(() => <p>{child}</p>).toThrow(TypeError);
  });

  it('escapes text the same way on its own', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
