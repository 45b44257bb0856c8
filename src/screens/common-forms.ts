/** Forms more than one screen has. */
import { form } from './screen.js';

/** A single "Try again" button. */
export const retryForm = form({
  required: [],
  events: ['RETRY_SELECTED'],
  toEvent: () => ({ type: 'RETRY_SELECTED' }),
  toFields: () => ({}),
});

/** "Add another authenticator" on a confirmation page. */
export const addAnotherForm = form({
  required: [],
  events: ['ADD_ANOTHER_SELECTED'],
  toEvent: () => ({ type: 'ADD_ANOTHER_SELECTED' }),
  toFields: () => ({}),
});

/** "Finish" on a confirmation page: the journey ends and is deleted. */
export const finishForm = form({
  required: [],
  events: ['FINISH_SELECTED'],
  toEvent: () => ({ type: 'FINISH_SELECTED' }),
  toFields: () => ({}),
});

/** "Choose another type of authenticator" after a late failure. */
export const chooseAnotherForm = form({
  required: [],
  events: ['CHOOSE_ANOTHER_SELECTED'],
  toEvent: () => ({ type: 'CHOOSE_ANOTHER_SELECTED' }),
  toFields: () => ({}),
});

/** "Only I have access to …": an unticked box posts no field at all. */
export const soleAccessForm = form({
  required: [],
  optional: ['soleAccess'],
  events: ['SOLE_ACCESS_CONFIRMED'],
  toEvent: (f) => ({ type: 'SOLE_ACCESS_CONFIRMED', confirmed: f.soleAccess === 'yes' }),
  toFields: (e): Record<string, string> => (e.confirmed ? { soleAccess: 'yes' } : {}),
});

/** A button whose event says whether Care Identity Management is open in this browser: that is the
 *  request's cookie, never a field. */
export function cimSessionForm<T extends 'START_SELECTED' | 'LOGGED_OUT_CONFIRMED'>(type: T) {
  return form({
    required: [],
    events: [type],
    toEvent: (_, r) => ({ type, cimSessionPresent: r.cimSessionPresent }),
    toFields: () => ({}),
  });
}
