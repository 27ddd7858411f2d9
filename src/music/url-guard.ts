import { lookup } from "node:dns/promises";
import { type LocalText, text as local } from "../i18n/translate.ts";
import { isBlockedAddress, parseIpv4, parseIpv6 } from "./ip-ranges.ts";

/** One address a host name resolves to (the shape of `dns.promises.lookup(host, { all: true })`). */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to every address it has; rejects when it has none. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver, as the music node's host would resolve the name (every address, in the order given). */
export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface UrlGuardOptions {
  /** Let links to private and local addresses through (ALLOW_PRIVATE_URLS); the scheme is still checked. */
  readonly allowPrivate: boolean;
  readonly resolve: HostResolver;
  /**
   * Hosts let through although they are (or resolve to) private addresses (URL_ALLOW_HOSTS): `host` (any port) or
   * `host:port` entries, lower case. Everything not listed is checked as usual.
   */
  readonly allowHosts?: readonly string[];
  /** Give up resolving after this many milliseconds (refused). Default 5000. */
  readonly resolveTimeoutMs?: number;
}

/** The outcome of {@link checkUrl}: the normalised URL to send on, or why it is refused (safe to show). */
export type UrlVerdict =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: LocalText };

const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet"];
const PRIVATE_REFUSAL = local("url.private");

/** Text that starts like a URL (`scheme://`), whatever the scheme. */
export const looksLikeUrl = (text: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());

const refuse = (reason: LocalText): UrlVerdict => ({ ok: false, reason });

/**
 * Decides whether a link may be handed to a music node, which would fetch it from inside the host's network.
 * Refuses what does not parse, schemes other than http(s), single-label and internal host names, and any host that
 * is, or resolves to (any of its addresses), a loopback, private, link-local, CGNAT, benchmarking, multicast,
 * unspecified, site-local or unique-local address, also in IPv4-mapped, -compatible, NAT64 or 6to4 form.
 *
 * The accepted URL comes back normalised (WHATWG form): send that one, so the node fetches exactly what was checked.
 * The node resolves the name again on its own; a name that changes its answer in between is not caught here.
 */
export async function checkUrl(text: string, opts: UrlGuardOptions): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return refuse(local("url.notALink"));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(local("url.onlyHttp"));
  if (opts.allowPrivate || isAllowedHost(url, opts.allowHosts)) return { ok: true, url: url.href };

  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    return isBlockedAddress(host.slice(1, -1)) ? refuse(PRIVATE_REFUSAL) : { ok: true, url: url.href };
  }
  if (parseIpv4(host) !== null) return isBlockedAddress(host) ? refuse(PRIVATE_REFUSAL) : { ok: true, url: url.href };
  if (!host.includes(".") || host === "localhost" || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return refuse(PRIVATE_REFUSAL);
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await withTimeout(opts.resolve(host), opts.resolveTimeoutMs ?? 5000);
  } catch {
    return refuse(local("url.notFound"));
  }
  if (addresses.length === 0) return refuse(local("url.notFound"));
  const bad = addresses.some(({ address }) => {
    const bare = address.replace(/^\[(.*)\]$/, "$1");
    return (parseIpv4(bare) === null && parseIpv6(bare) === null) || isBlockedAddress(bare);
  });
  return bad ? refuse(PRIVATE_REFUSAL) : { ok: true, url: url.href };
}

/** The port a URL connects to: its explicit port, or the scheme's default. */
const effectivePort = (url: URL): string => url.port || (url.protocol === "https:" ? "443" : "80");

/** Whether the URL's host (with or without its port) is on the operator's URL_ALLOW_HOSTS list. */
export function isAllowedHost(url: URL, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts || allowHosts.length === 0) return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const withPort = `${host}:${effectivePort(url)}`;
  return allowHosts.some((entry) => entry === host || entry === withPort);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`name resolution took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
