// Pure helpers for timeout-warning.js, kept apart so they can be tested without a browser.

/** Time left as words: whole minutes, or seconds in the last minute. */
export function timeLeftText(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function withWarning(expiresAt, absoluteAt, warnBefore, inactivityMs) {
  const endAt = Math.min(expiresAt, absoluteAt);
  return {
    endAt,
    warnAt: endAt - warnBefore,
    final: absoluteAt <= expiresAt,
    absoluteAt,
    warnBefore,
    inactivityMs,
  };
}

/**
 * Turns the server's deadlines into the browser's clock. source has warnAtMs, expiresAtMs,
 * absoluteExpiresAtMs and nowMs (numbers or numeric strings, as in data-* attributes or a
 * JSON answer from the extend endpoint). The warning comes the same time before whichever
 * deadline is nearer; final is true when that is the absolute one, which cannot be extended.
 */
export function readDeadlines(source, clientNow) {
  const number = (value) => Number.parseInt(String(value), 10);
  const serverNow = number(source.nowMs);
  const known = Number.isFinite(serverNow);
  const skew = known ? clientNow - serverNow : 0;
  const expiresAt = number(source.expiresAtMs) + skew;
  const absoluteAt = number(source.absoluteExpiresAtMs) + skew;
  const warnBefore = Math.max(0, number(source.expiresAtMs) - number(source.warnAtMs));
  // Showing a page counts as activity, so expiry minus "now" is the inactivity allowance.
  const inactivityMs = known ? Math.max(0, number(source.expiresAtMs) - serverNow) : 0;
  return withWarning(expiresAt, absoluteAt, warnBefore, inactivityMs);
}

/** The deadlines after the server accepted an extension without sending new ones: a fresh inactivity allowance. */
export function extendDeadlines(deadlines, clientNow) {
  return withWarning(
    clientNow + deadlines.inactivityMs,
    deadlines.absoluteAt,
    deadlines.warnBefore,
    deadlines.inactivityMs,
  );
}
