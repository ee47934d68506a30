import ipaddr from 'ipaddr.js';
import { BadRequestError } from '../../errors/AppError.js';

/**
 * Which destinations a server-side fetch may reach. Only globally routable
 * unicast addresses pass: anything else can reach this host, the cloud
 * metadata service or the private network the app runs in.
 */

// Names that resolve to internal services on some platforms even when DNS
// answers with an address we might otherwise accept.
const BLOCKED_HOSTNAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);
const BLOCKED_SUFFIXES = ['.localhost', '.internal', '.local'];

export function blockedHostnameReason(hostname: string): string | null {
  const h = hostname.toLowerCase().replace(/\.+$/, '');
  if (BLOCKED_HOSTNAMES.has(h)) return 'internal host name';
  if (BLOCKED_SUFFIXES.some((s) => h.endsWith(s)))
    return `internal domain (*${BLOCKED_SUFFIXES.find((s) => h.endsWith(s))})`;
  return null;
}

const RANGE_LABELS: Record<string, string> = {
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  multicast: 'multicast address',
  linkLocal: 'link-local address',
  loopback: 'loopback address',
  carrierGradeNat: 'carrier-grade NAT address',
  private: 'private (RFC 1918) address',
  reserved: 'reserved address',
  uniqueLocal: 'unique-local address',
  rfc6052: 'NAT64 address',
  rfc6145: 'IPv4-translated address',
  '6to4': '6to4 address',
  teredo: 'Teredo address',
};

/** Null when the address may be fetched, else why not. */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'unparseable address';
  }
  // ::ffff:10.0.0.1 reaches 10.0.0.1; judge the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const inner = blockedAddressReason((parsed as ipaddr.IPv6).toIPv4Address().toString());
    return inner ? `IPv4-mapped ${inner}` : null;
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_LABELS[range] ?? `${range} address`;
}

export function assertHostnameAllowed(url: URL, hostname: string): void {
  const reason = blockedHostnameReason(hostname);
  if (reason) throw new BadRequestError('ssrf_blocked', `Refusing to fetch ${url.href}: ${reason}`);
}

export function assertAddressAllowed(url: URL, address: string, allowAddresses: ReadonlySet<string>): void {
  if (allowAddresses.has(address)) return;
  const reason = blockedAddressReason(address);
  if (reason) {
    const via = url.hostname.replace(/^\[|\]$/g, '') === address ? '' : ` (resolves to ${address})`;
    throw new BadRequestError('ssrf_blocked', `Refusing to fetch ${url.href}${via}: ${reason}`);
  }
}
