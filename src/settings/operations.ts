/**
 * Settings of the process rather than the journey: proxies in front, /metrics, server timeouts and
 * shutdown. Each parse returns its problems by setting name, as loadConfig reports them.
 */
import { BlockList, isIP } from 'node:net';
import { textSecretWeaknesses } from './secret-strength.js';

export interface TrustProxy {
  /** Proxies in front that each append the address they saw to X-Forwarded-For (0: none). */
  hops: number;
  /** A header the nearest proxy sets (overwriting) to the client's address; null when none. */
  header: string | null;
}

export interface MetricsSettings {
  /** Bearer token GET /metrics requires; null when none. */
  token: string | null;
  /** A listener of its own for /metrics, on a private address; null: /metrics on the main listener. */
  bind: { host: string; port: number } | null;
}

export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export interface ShutdownSettings {
  /** After SIGTERM, how long the server keeps serving (with /readyz 503) before it stops accepting. */
  delayMs: number;
  /** After SIGTERM, the longest the process takes to exit, in-flight requests or not. */
  graceMs: number;
}

type Problems = string[];

export function parseTrustProxy(hops: number, header: string | undefined, problems: Problems): TrustProxy {
  const name = header?.toLowerCase() ?? null;
  if (name === 'x-forwarded-for' || name === 'forwarded') {
    problems.push(
      `TRUST_PROXY_HEADER: ${name} is a list the client can start; set TRUST_PROXY_HOPS to the number of proxies instead`,
    );
    return { hops, header: null };
  }
  if (name && hops > 0) {
    problems.push('TRUST_PROXY_HEADER and TRUST_PROXY_HOPS: set one of them, not both');
    return { hops: 0, header: null };
  }
  return { hops, header: name };
}

const privateAddresses = new BlockList();
privateAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
privateAddresses.addSubnet('10.0.0.0', 8, 'ipv4');
privateAddresses.addSubnet('172.16.0.0', 12, 'ipv4');
privateAddresses.addSubnet('192.168.0.0', 16, 'ipv4');
privateAddresses.addSubnet('100.64.0.0', 10, 'ipv4');
privateAddresses.addAddress('::1', 'ipv6');
privateAddresses.addSubnet('fc00::', 7, 'ipv6');
privateAddresses.addSubnet('fe80::', 10, 'ipv6');

/** `host:port` or `[v6]:port` on a loopback or private address. */
function parseBind(value: string, problems: Problems): MetricsSettings['bind'] {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push('METRICS_BIND: must be host:port (IPv6 as [address]:port)');
    return null;
  }
  const family = isIP(host);
  const isPrivate =
    host === 'localhost' || (family !== 0 && privateAddresses.check(host, family === 4 ? 'ipv4' : 'ipv6'));
  if (!isPrivate) {
    problems.push('METRICS_BIND: must be a loopback or private address (an IP address, or localhost)');
    return null;
  }
  return { host, port };
}

export function parseMetrics(
  token: string | undefined,
  bind: string | undefined,
  production: boolean,
  problems: Problems,
): MetricsSettings {
  const settings: MetricsSettings = { token: token || null, bind: bind ? parseBind(bind, problems) : null };
  if (production && settings.token) {
    const weak = textSecretWeaknesses(settings.token);
    if (weak.length) problems.push(`METRICS_TOKEN: too weak for production (${weak.join(', ')})`);
  }
  if (production && !token && !bind)
    problems.push('METRICS_TOKEN or METRICS_BIND: /metrics must be protected in production (set either)');
  return settings;
}

export function checkTimeouts(t: HttpTimeouts, problems: Problems): HttpTimeouts {
  // Node refuses a server whose headers may take longer than the whole request.
  if (t.headersTimeoutMs > t.requestTimeoutMs)
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS');
  return t;
}

export function checkShutdown(s: ShutdownSettings, problems: Problems): ShutdownSettings {
  if (s.delayMs >= s.graceMs) problems.push('SHUTDOWN_DELAY_MS: must be less than SHUTDOWN_GRACE_MS');
  return s;
}
