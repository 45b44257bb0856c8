import * as oidc from 'openid-client';

/** The provider could not be reached or answered with a failure of its own: try again later. The
 *  message is safe to log: it never carries a code, a token or the callback parameters. */
export class NhsnetUnavailableError extends Error {
  override readonly name = 'NhsnetUnavailableError';
}

export type GrantFailure = 'outage' | 'grant' | 'nonce' | 'token';

// Codes openid-client gives to answers that are not a usable HTTP/JSON response at all.
const OUTAGE_CODES = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_HTTP_REQUEST_FORBIDDEN',
  'OAUTH_REQUEST_PROTOCOL_FORBIDDEN',
]);

// Codes for an ID token (or authorization response) that arrived but does not hold up.
const TOKEN_CODES = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
]);

/** Our client's credentials refused: a configuration fault, not something the user did. */
const CLIENT_FAULTS = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type']);

/** Sorts a failure of the code exchange into an outage (thrown) or a reason to reject the login. */
export function classifyGrantError(err: unknown): GrantFailure {
  if (err instanceof oidc.ResponseBodyError) {
    if (err.status >= 500 || CLIENT_FAULTS.has(err.error)) return 'outage';
    return 'grant';
  }
  if (err instanceof oidc.ClientError) {
    const code = err.code ?? '';
    if (OUTAGE_CODES.has(code)) return 'outage';
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && failedClaim(err) === 'nonce') return 'nonce';
    if (TOKEN_CODES.has(code)) return 'token';
  }
  // Network failures (fetch's TypeError), unexpected answers and bugs alike: nothing was decided.
  return 'outage';
}

function failedClaim(err: Error): unknown {
  const cause = err.cause;
  if (cause instanceof Error && typeof cause.cause === 'object' && cause.cause !== null) {
    return (cause.cause as { claim?: unknown }).claim;
  }
  return undefined;
}

/** A one-line account of an error, without anything the response or callback carried. */
export function describeSafely(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError) return `HTTP ${err.status} ${err.error}`;
  if (err instanceof NhsnetUnavailableError) return err.message;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const causeCode = (err.cause as { code?: unknown } | undefined)?.code;
    const parts = [
      err.name,
      typeof code === 'string' ? code : null,
      typeof causeCode === 'string' ? causeCode : null,
    ];
    return parts.filter((p): p is string => p !== null).join(' ');
  }
  return 'unknown failure';
}
