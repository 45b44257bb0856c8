/**
 * Form tokens (SPEC.md: CSRF). A journey's token is a keyed hash of its cookie id, so a page made
 * while Redis is down can still carry it.
 * - A page shown from behind the current one (a back link) carries the token and the journey's
 *   revision: its form goes back to that page first, but only while the journey is as it was when the
 *   page was shown (a second click of an already-sent form, or another tab, is not a new answer).
 * - When the journey moves to a new id (the email was proven), the store keeps only a tag of the old
 *   token: a post from a tab opened before the move is then known as stale (it is shown the current
 *   step, its content unused), while any other token is refused.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type TokenVerdict =
  /** The journey's token, from its current page, or from an earlier page shown at revision `shownAt`. */
  | { kind: 'current'; shownAt: number | null }
  /** The token of an id the journey had before it moved. */
  | { kind: 'former' }
  | { kind: 'refused' };

export interface TokenHolder {
  id: string;
  rev: number;
  formerTags?: readonly string[];
}

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the store keeps of a token the journey no longer accepts: its hash, never the token or id. */
const tagOf = (token: string) =>
  createHash('sha256').update(`former-form-token\u0000${token}`).digest('base64url');

/**
 * A keyed hash of a journey id, remembered for the ids seen last: a journey's requests ask for the same
 * one again and again (the cookie's signature, the form token of each page and post).
 */
export function remembered(hash: (id: string) => string, size = 1024): (id: string) => string {
  const known = new Map<string, string>();
  return (id) => {
    let value = known.get(id);
    if (value === undefined) {
      value = hash(id);
      if (known.size >= size) known.delete(known.keys().next().value as string);
      known.set(id, value);
    }
    return value;
  };
}

export function createFormTokens(secret: string) {
  const journey = remembered((journeyId: string) =>
    createHmac('sha256', secret).update(`csrf:${journeyId}`).digest('base64url'),
  );

  return {
    /** The token of the journey's current page. */
    journey,
    /** The token of a page shown from behind the current one. */
    earlier: (holder: TokenHolder) => `${journey(holder.id)}.${holder.rev}`,
    /** The tag the runner keeps when the journey moves away from this id. */
    formerIdTag: (journeyId: string) => tagOf(journey(journeyId)),

    judge(holder: TokenHolder, submitted: unknown): TokenVerdict {
      if (typeof submitted !== 'string' || submitted.length > 120) return { kind: 'refused' };
      const match = /^([A-Za-z0-9_-]+)(?:\.(\d{1,9}))?$/.exec(submitted);
      if (!match) return { kind: 'refused' };
      const [, token, rev] = match as unknown as [string, string, string | undefined];
      if (sameToken(token, journey(holder.id)))
        return { kind: 'current', shownAt: rev === undefined ? null : Number(rev) };
      const tag = tagOf(token);
      return holder.formerTags?.some((former) => sameToken(tag, former))
        ? { kind: 'former' }
        : { kind: 'refused' };
    },
  };
}

export type FormTokens = ReturnType<typeof createFormTokens>;
