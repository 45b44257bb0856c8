/**
 * The client address for per-IP rate limits. Behind N proxies that each append the address they saw to
 * X-Forwarded-For, the client is the N-th entry from the right: everything left of it was written by the
 * client itself and is never believed.
 */
import { isIP } from 'node:net';
import type { TrustProxy } from '../settings/operations.js';

export interface ClientIpInput {
  /** The X-Forwarded-For header (every occurrence, joined with commas), if any. */
  forwardedFor: string | undefined;
  /** The header named by TRUST_PROXY_HEADER, if set. */
  proxyHeader: string | undefined;
  /** The peer address of the TCP connection (the nearest proxy, when there is one). */
  socketAddress: string | undefined;
}

const clean = (value: string | undefined) => {
  const address = value?.trim() ?? '';
  return isIP(address) ? address : null;
};

export function clientIpFrom(trust: TrustProxy, input: ClientIpInput): string {
  const socket = input.socketAddress ?? 'unknown';
  if (trust.header) {
    // A header the proxy sets holds one address; a list or anything else means it did not set it.
    return clean(input.proxyHeader) ?? socket;
  }
  if (trust.hops > 0) {
    const entries = (input.forwardedFor ?? '').split(',');
    // Fewer entries than proxies: the request did not come through all of them, so nothing is believed.
    if (input.forwardedFor === undefined || entries.length < trust.hops) return socket;
    return clean(entries[entries.length - trust.hops]) ?? socket;
  }
  return socket;
}
