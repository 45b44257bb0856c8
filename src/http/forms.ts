/**
 * Form posts → journey events, by the forms of the screen registry (src/screens). Each form has a
 * fixed set of fields; anything else (a missing field, an extra or repeated one, a file) is a bad
 * request, never a journey change.
 */
import { type JourneyEvent, parseJourneyEvent } from '../machine/index.js';
import { type FormFields, formAt, type RequestFacts } from '../screens/index.js';

export type FormResult = { ok: true; event: JourneyEvent } | { ok: false; problem: string };

/** Whether `<view>` or `<view>/<action>` is a form of a screen. */
export function hasForm(key: string): boolean {
  return formAt(key) !== undefined;
}

/** Raw body (values may be arrays or files) → the journey event for this form, or why not. */
export function formToEvent(key: string, body: Record<string, unknown>, facts: RequestFacts): FormResult {
  const spec = formAt(key);
  if (!spec) return { ok: false, problem: 'unknown form' };
  const allowed = (name: string) =>
    name === '_csrf' ||
    spec.required.includes(name) ||
    spec.optional?.includes(name) === true ||
    (spec.captcha === true && facts.captchaFields.includes(name));
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    if (!allowed(name)) return { ok: false, problem: `unexpected field ${name.slice(0, 40)}` };
    if (typeof value !== 'string') return { ok: false, problem: `field ${name} must be given once, as text` };
    fields[name] = value;
  }
  for (const name of spec.required) {
    if (fields[name] === undefined) return { ok: false, problem: `missing field ${name}` };
  }
  const parsed = parseJourneyEvent(spec.toEvent(fields, facts));
  return parsed.ok ? { ok: true, event: parsed.event } : { ok: false, problem: parsed.issues.join('; ') };
}
