import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { UserError } from "../../core/errors.ts";
import { type LocalText, text, userError } from "../../i18n/translate.ts";
import { isBlockedAddress } from "../ip-ranges.ts";
import { checkUrl, type HostResolver, isAllowedHost } from "../url-guard.ts";

export interface HttpSource {
  readonly body: IncomingMessage;
  readonly headers: IncomingHttpHeaders;
  readonly finalUrl: string;
  /** Bytes announced by the server; null for live streams (internet radio). */
  readonly contentLength: number | null;
}

export interface HttpSourceOptions {
  /** Skip the private-address checks (ALLOW_PRIVATE_URLS). */
  readonly allowPrivate: boolean;
  /** Hosts let through the guard (URL_ALLOW_HOSTS), at link-check and at connect time alike. */
  readonly allowHosts?: readonly string[];
  /** Host name resolution for the URL guard. */
  readonly resolve: HostResolver;
  readonly timeoutMs: number;
  readonly maxRedirects?: number;
}

/**
 * The URL guard at connection time: every address a host name resolves to is checked, so neither a DNS name
 * pointing inside the network nor a redirect to one can make Encore fetch from it.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (err, address: string | LookupAddress[], family?: number) => {
    if (err) return callback(err, address as string, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const refused = list.find((ip) => isBlockedAddress(ip));
    if (refused) return callback(new RefusedAddressError(), address as string, family);
    callback(null, address as string, family);
  });
};

class RefusedAddressError extends Error {
  constructor() {
    super("the link resolves to a local, private or metadata address");
  }
}

const refusedLink = (reason: LocalText) => userError("URL_REFUSED", "music.linkRefused", { reason });

/**
 * Opens an http(s) audio link with Encore's own client (not ffmpeg's), following at most `maxRedirects` redirects,
 * each through the URL guard, with private addresses refused again when the host name is resolved.
 */
export async function openHttpSource(url: string, opts: HttpSourceOptions): Promise<HttpSource> {
  let current = url;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const verdict = await checkUrl(current, {
      allowPrivate: opts.allowPrivate,
      allowHosts: opts.allowHosts ?? [],
      resolve: opts.resolve,
    });
    if (!verdict.ok) throw refusedLink(verdict.reason);
    current = verdict.url;
    const res = await get(current, opts);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw userError("LOAD_FAILED", "music.httpStatus", { status });
    }
    const length = Number(res.headers["content-length"]);
    return {
      body: res,
      headers: res.headers,
      finalUrl: current,
      contentLength: Number.isFinite(length) && length > 0 ? length : null,
    };
  }
  throw userError("LOAD_FAILED", "music.tooManyRedirects");
}

function get(url: string, opts: HttpSourceOptions): Promise<IncomingMessage> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return Promise.reject(refusedLink(text("url.onlyHttp")));
  }
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "GET",
        headers: { "user-agent": "Encore music bot", "icy-metadata": "0", accept: "audio/*, */*" },
        ...(opts.allowPrivate || isAllowedHost(target, opts.allowHosts) ? {} : { lookup: guardedLookup }),
        timeout: opts.timeoutMs,
      },
      (res) => {
        // The timeout guards connecting and the answer's headers; afterwards the body is read at playback speed
        // (ffmpeg waits while the player's buffer is full), so an idle socket is normal. A stalled source shows up
        // as the audio player running dry.
        res.socket.setTimeout(0);
        resolve(res);
      },
    );
    req.on("timeout", () => req.destroy(userError("LOAD_FAILED", "music.linkTimeout")));
    req.on("error", (err) => {
      if (err instanceof UserError) reject(err);
      else if (err instanceof RefusedAddressError) reject(refusedLink(text("url.resolvesPrivate")));
      else reject(userError("LOAD_FAILED", "music.linkFailed", { reason: err.message }));
    });
    req.end();
  });
}
