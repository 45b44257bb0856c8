/**
 * A JSX runtime that writes HTML as it goes: an element is its markup, an escaped string
 * (a String with isEscaped, as hono/html's raw() makes), the moment it is created. Components are
 * plain synchronous functions called at once. The markup is hono/jsx's for the same tree: text and
 * attribute values escaped the same way, the same boolean attributes, void elements closed with "/>".
 * No render context and no async components: a view that needs either does not belong here.
 */

/** Already-escaped HTML: inserted as it is. */
export function raw(html) {
  const escaped = new String(html);
  escaped.isEscaped = true;
  return escaped;
}

const NEEDS_ESCAPE = /[&<>'"]/;
const ESCAPES = /[&<>'"]/g;
const ENTITY = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const entity = (ch) => ENTITY[ch];

/** Text or an attribute value made safe to place in HTML. */
export function escapeHtml(text) {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPES, entity) : text;
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const BOOLEAN_ATTRIBUTES = new Set([
  'allowfullscreen',
  'async',
  'autofocus',
  'autoplay',
  'checked',
  'controls',
  'default',
  'defer',
  'disabled',
  'download',
  'formnovalidate',
  'hidden',
  'inert',
  'ismap',
  'itemscope',
  'loop',
  'multiple',
  'muted',
  'nomodule',
  'novalidate',
  'open',
  'playsinline',
  'readonly',
  'required',
  'reversed',
  'selected',
  'shadowrootclonable',
  'shadowrootdelegatesfocus',
  'shadowrootserializable',
]);

/** React-style property names, written as the HTML attribute. */
const ATTRIBUTE_NAMES = new Map([
  ['className', 'class'],
  ['htmlFor', 'for'],
  ['crossOrigin', 'crossorigin'],
  ['httpEquiv', 'http-equiv'],
  ['itemProp', 'itemprop'],
  ['fetchPriority', 'fetchpriority'],
  ['noModule', 'nomodule'],
  ['formAction', 'formaction'],
]);

// \p{Cc}: the control characters U+0000–U+001F and U+007F–U+009F.
const INVALID_ATTRIBUTE_NAME = /[\s"'<>/=`\\\p{Cc}]/u;
const INVALID_TAG_NAME = /^[!?]|[\s"'<>/=`\\\p{Cc}]/u;
const checkedNames = new Set();
const checkedTags = new Set();

function validAttributeName(name) {
  if (checkedNames.has(name)) return true;
  if (name.length === 0 || INVALID_ATTRIBUTE_NAME.test(name)) return false;
  if (checkedNames.size < 1024) checkedNames.add(name);
  return true;
}

function checkTag(tag) {
  if (checkedTags.has(tag)) return;
  if (typeof tag !== 'string' || INVALID_TAG_NAME.test(tag)) throw new Error(`Invalid JSX tag name: ${tag}`);
  if (checkedTags.size < 256) checkedTags.add(tag);
}

/** The markup of a child: text escaped, escaped HTML as it is, nothing for null, undefined and booleans. */
function childrenHtml(child) {
  if (typeof child === 'string') return escapeHtml(child);
  if (child === null || child === undefined || typeof child === 'boolean') return '';
  if (typeof child === 'number') return `${child}`;
  if (child.isEscaped === true) return `${child}`;
  if (Array.isArray(child)) {
    let html = '';
    for (let i = 0; i < child.length; i++) html += childrenHtml(child[i]);
    return html;
  }
  throw new TypeError(
    `A JSX child must be text, a number, an element or a list of them, not ${typeof child}`,
  );
}

function attributeHtml(name, value, tag) {
  if (typeof value === 'boolean' && BOOLEAN_ATTRIBUTES.has(name)) return value ? ` ${name}=""` : '';
  if (typeof value === 'function') {
    if (name.startsWith('on')) return '';
    throw new Error(`Invalid prop '${name}' of type 'function' supplied to '${tag}'.`);
  }
  if (typeof value === 'string') return ` ${name}="${escapeHtml(value)}"`;
  if (typeof value === 'number' || value.isEscaped === true) return ` ${name}="${value}"`;
  if (name === 'style' && typeof value === 'object')
    throw new Error(`'${tag}': write style as a string (a style object is not supported)`);
  return ` ${name}="${escapeHtml(String(value))}"`;
}

function elementHtml(tag, props) {
  checkTag(tag);
  let html = `<${tag}`;
  let content = props.children;
  let empty = !('children' in props) || (Array.isArray(content) && content.length === 0);
  for (const key in props) {
    const value = props[key];
    if (key === 'children' || key === 'ref' || key === 'key' || value === null || value === undefined)
      continue;
    const name = ATTRIBUTE_NAMES.get(key) ?? key;
    if (!validAttributeName(name)) continue;
    if (name === 'dangerouslySetInnerHTML' && typeof value === 'object' && '__html' in value) {
      if (!empty) throw new Error('Can only set one of `children` or `props.dangerouslySetInnerHTML`.');
      content = raw(value.__html);
      empty = false;
      continue;
    }
    html += attributeHtml(name, value, tag);
  }
  if (empty && VOID_ELEMENTS.has(tag)) return `${html}/>`;
  return `${html}>${empty ? '' : childrenHtml(content)}</${tag}>`;
}

/** An element or a component's output, as escaped HTML. */
export function jsx(tag, props) {
  if (typeof tag === 'function') return raw(childrenHtml(tag(props)));
  return raw(elementHtml(tag, props));
}

export function Fragment(props) {
  return raw(childrenHtml(props.children));
}
