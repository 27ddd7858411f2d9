/**
 * Which IP addresses a link must never make a music node fetch from: anything that is not a public unicast
 * address on the internet (loopback, private, link-local, CGNAT, benchmarking, documentation, multicast,
 * unspecified, site-local, unique-local), including IPv6 forms that carry such an IPv4 address (mapped,
 * compatible, SIIT-translated, NAT64, 6to4).
 */
import { isIP } from "node:net";

type Cidr4 = readonly [base: number, bits: number];

const v4 = (text: string, bits: number): Cidr4 => [parseIpv4(text) as number, bits];

const BLOCKED_V4: readonly Cidr4[] = [
  v4("0.0.0.0", 8), // "this" network, unspecified
  v4("10.0.0.0", 8), // private
  v4("100.64.0.0", 10), // carrier-grade NAT
  v4("127.0.0.0", 8), // loopback
  v4("169.254.0.0", 16), // link-local, cloud metadata
  v4("172.16.0.0", 12), // private
  v4("192.0.0.0", 24), // IETF protocol assignments
  v4("192.0.2.0", 24), // documentation
  v4("192.88.99.0", 24), // 6to4 relay anycast
  v4("192.168.0.0", 16), // private
  v4("198.18.0.0", 15), // benchmarking
  v4("198.51.100.0", 24), // documentation
  v4("203.0.113.0", 24), // documentation
  v4("224.0.0.0", 4), // multicast
  v4("240.0.0.0", 4), // reserved, broadcast
];

/** Dotted-quad IPv4 to an unsigned 32-bit number; null when it is not exactly that form. */
export function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

function ipv4Blocked(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    return value >= base && value < base + size;
  });
}

/** An IPv6 address as eight 16-bit groups; null when it is not a valid address (zone ids are refused). */
export function parseIpv6(text: string): number[] | null {
  if (isIP(text) !== 6 || text.includes("%")) return null;
  let body = text.toLowerCase();
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted?.[1] && dotted[2]) {
    const value = parseIpv4(dotted[2]);
    if (value === null) return null;
    tail.push(Math.floor(value / 65536), value % 65536);
    body = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
  }
  const [head = "", rest] = body.split("::") as [string, string | undefined];
  const groups = (s: string) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = [...groups(rest ?? ""), ...tail];
  const missing = 8 - left.length - right.length;
  if (rest === undefined && missing !== 0) return null;
  const all = [...left, ...new Array<number>(Math.max(0, missing)).fill(0), ...right];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

const embeddedV4 = (hi: number, lo: number): number => hi * 65536 + lo;

function ipv6Blocked(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::/96 covers ::, ::1 and the deprecated IPv4-compatible form ::a.b.c.d (0.0.0.0/8 blocks the first two).
  if (zeroTo(6)) return ipv4Blocked(embeddedV4(g6, g7));
  if (zeroTo(5) && g5 === 0xffff) return ipv4Blocked(embeddedV4(g6, g7)); // IPv4-mapped
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return ipv4Blocked(embeddedV4(g6, g7)); // SIIT ::ffff:0:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return ipv4Blocked(embeddedV4(g6, g7)); // NAT64 well-known prefix
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true; // local-use NAT64 (64:ff9b:1::/48)
  if (g0 === 0x2002) return ipv4Blocked(embeddedV4(g1, g2)); // 6to4
  if (g0 === 0x2001 && g1 === 0) return true; // Teredo
  if (g0 === 0x2001 && g1 === 0xdb8) return true; // documentation
  if (g0 === 0x2001 && g1 === 2 && g2 === 0) return true; // benchmarking
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/**
 * Whether an address (IPv4 dotted quad or IPv6, without brackets) is one a node must not be sent to.
 * Anything that does not parse as an address counts as blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const four = parseIpv4(address);
  if (four !== null) return ipv4Blocked(four);
  const six = parseIpv6(address);
  return six === null ? true : ipv6Blocked(six);
}
