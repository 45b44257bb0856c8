// Pure helpers for passkey-detect.js, kept apart so they can be tested without a browser.

/** Windows, from User-Agent Client Hints when the browser has them, else the user agent string. */
export function isWindows(nav) {
  const platform = nav.userAgentData?.platform;
  if (typeof platform === 'string' && platform.length > 0) return platform === 'Windows';
  return /Windows/i.test(nav.userAgent ?? '');
}

/** Whether a user-verifying platform authenticator (Windows Hello, Touch ID...) is available; false on any doubt. */
export async function hasPlatformAuthenticator(publicKeyCredential) {
  try {
    if (typeof publicKeyCredential?.isUserVerifyingPlatformAuthenticatorAvailable !== 'function')
      return false;
    return (await publicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()) === true;
  } catch {
    return false;
  }
}
