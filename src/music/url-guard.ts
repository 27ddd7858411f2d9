import { isIP } from "node:net";

const blockedHostnames = new Set(["localhost", "metadata.google.internal", "metadata", "instance-data"]);

function ipv4Blocked(ip: string): boolean {
  const [a = 0, b = 0] = ip.split(".").map(Number);
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  );
}

function ipv6Blocked(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === "::" || v === "::1") return true;
  const mapped = v.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped?.[1]) return ipv4Blocked(mapped[1]);
  // URL normalises ::ffff:127.0.0.1 to ::ffff:7f00:1.
  const hexMapped = v.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (hexMapped?.[1] && hexMapped[2]) {
    const hi = Number.parseInt(hexMapped[1], 16);
    const lo = Number.parseInt(hexMapped[2], 16);
    return ipv4Blocked(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return /^f[cd]/.test(v) || /^fe[89ab]/.test(v) || v.startsWith("ff");
}

/**
 * Why a URL must not be handed to a Lavalink node (it would make the node fetch from inside the host's network),
 * or null when it is acceptable. Checks literal addresses and well-known internal names; hostnames are resolved
 * by the node, not here.
 */
export function refuseInternalUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "only http and https links can be played";
  const host = url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase()
    .replace(/\.$/, "");
  const internal =
    blockedHostnames.has(host) ||
    host.endsWith(".localhost") ||
    host.endsWith(".internal") ||
    (isIP(host) === 4 && ipv4Blocked(host)) ||
    (isIP(host) === 6 && ipv6Blocked(host)) ||
    // Decimal/hex IPv4 forms such as http://2130706433/ are normalised by URL to dotted form, so isIP covers them.
    false;
  return internal ? "links to local, private or metadata addresses are not allowed" : null;
}

export const isUrl = (text: string): boolean => /^https?:\/\//i.test(text.trim());
