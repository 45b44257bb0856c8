export interface NavigatorLike {
  userAgent?: string;
  userAgentData?: { platform?: string };
}
export interface PublicKeyCredentialLike {
  isUserVerifyingPlatformAuthenticatorAvailable?: () => Promise<boolean>;
}
export function isWindows(nav: NavigatorLike): boolean;
export function hasPlatformAuthenticator(
  publicKeyCredential: PublicKeyCredentialLike | undefined,
): Promise<boolean>;
