import type { Child } from 'hono/jsx';

/** Anything a component can show: a string (escaped) or JSX. */
export type Content = Child;
export type Size = 's' | 'm' | 'l' | 'xl';

/** Joins class names, skipping empty ones. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter((name): name is string => typeof name === 'string' && name.length > 0).join(' ');
}

/** Joins ids for aria-describedby; undefined when there is none so the attribute is left out. */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const joined = cx(...ids);
  return joined.length > 0 ? joined : undefined;
}

/** nhsuk-frontend numbers the ids of choice items: the first keeps the prefix so error summaries can link to it. */
export function itemId(idPrefix: string, index: number): string {
  return index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
}
