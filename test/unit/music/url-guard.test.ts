import { describe, expect, it } from "vitest";
import { text } from "../../../src/i18n/translate.ts";
import { isBlockedAddress } from "../../../src/music/ip-ranges.ts";
import { checkUrl, type HostResolver } from "../../../src/music/url-guard.ts";

/** A resolver with a fixed table, like DNS on a network the test controls. Unknown names do not resolve. */
const table: Record<string, string[]> = {
  "www.youtube.com": ["142.250.74.206", "2a00:1450:4001:82b::200e"],
  "soundcloud.com": ["18.238.243.21"],
  "cdn.example.org": ["93.184.216.34"],
  "127.0.0.1.nip.io": ["127.0.0.1"],
  "rebind.example.net": ["93.184.216.34", "10.0.0.5"],
  "v6local.example.net": ["fd12:3456::1"],
  "mapped.example.net": ["::ffff:169.254.169.254"],
};
const resolver: HostResolver = async (host) => {
  const addresses = table[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
const guard = { allowPrivate: false, resolve: resolver };

describe("checkUrl refuses", () => {
  it.each([
    // literal IPv4 in every class that must not be reached
    "http://127.0.0.1/x.mp3",
    "http://127.0.0.1:2333/v4/info",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://100.127.255.254/",
    "http://198.18.0.1/",
    "http://198.19.255.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://255.255.255.255/",
    "http://192.0.0.8/",
    // IPv4 spellings the URL parser turns into dotted form
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    // IPv6 literals and IPv6 forms of blocked IPv4
    "http://[::1]/",
    "http://[::1]:2333/v4/info",
    "http://[::]/",
    "http://[fd00::1]/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/",
    "http://[::ffff:0:7f00:1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b:1::1]/",
    "http://[2002:7f00:1::]/",
    "http://[2001:db8::1]/",
    // names: internal, single-label, resolving to blocked addresses, unresolvable
    "http://localhost:8080/",
    "http://LOCALHOST./",
    "http://foo.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://printer.local/",
    "http://router.home.arpa/",
    "http://lavalink:2333/v4/info",
    "http://encore:8080/metrics",
    "http://metadata/",
    "http://127.0.0.1.nip.io/",
    "http://rebind.example.net/a.mp3",
    "http://v6local.example.net/",
    "http://mapped.example.net/",
    "http://does-not-exist.example/",
    // what cannot be parsed
    "http://127.0.0.1:99999/",
    "http://[127.0.0.1]/",
    "http://[::1/",
    "http://",
    // other schemes
    "ftp://example.com/a.mp3",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
  ])("%s", async (url) => {
    const verdict = await checkUrl(url, guard);
    expect(verdict.ok).toBe(false);
  });
});

describe("checkUrl accepts", () => {
  it.each([
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://soundcloud.com/a/b", "https://soundcloud.com/a/b"],
    ["http://93.184.216.34/a.mp3", "http://93.184.216.34/a.mp3"],
    ["http://[2a00:1450:4001:82b::200e]/a.mp3", "http://[2a00:1450:4001:82b::200e]/a.mp3"],
    ["HTTPS://CDN.Example.org/a b.mp3", "https://cdn.example.org/a%20b.mp3"],
  ])("%s (sent as %s)", async (url, sent) => {
    expect(await checkUrl(url, guard)).toEqual({ ok: true, url: sent });
  });

  it("ALLOW_PRIVATE_URLS lets private addresses through but still refuses other schemes and broken links", async () => {
    const open = { allowPrivate: true, resolve: resolver };
    expect((await checkUrl("http://127.0.0.1:2333/a.mp3", open)).ok).toBe(true);
    expect((await checkUrl("http://lavalink:2333/a.mp3", open)).ok).toBe(true);
    expect((await checkUrl("file:///etc/passwd", open)).ok).toBe(false);
    expect((await checkUrl("http://127.0.0.1:99999/", open)).ok).toBe(false);
  });

  it("gives up on a resolver that never answers", async () => {
    const verdict = await checkUrl("http://slow.example.com/", {
      allowPrivate: false,
      resolve: () => new Promise(() => {}),
      resolveTimeoutMs: 20,
    });
    expect(verdict).toEqual({ ok: false, reason: text("url.notFound") });
  });
});

describe("isBlockedAddress", () => {
  it.each([
    ["8.8.8.8", false],
    ["1.1.1.1", false],
    ["100.63.255.255", false],
    ["100.128.0.0", false],
    ["172.32.0.1", false],
    ["198.20.0.1", false],
    ["2606:4700:4700::1111", false],
    ["::ffff:8.8.8.8", false],
    ["64:ff9b::808:808", false],
    ["127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["::10.0.0.1", true],
    ["fe80::1%eth0", true],
    ["not an address", true],
  ])("%s → %s", (address, blocked) => expect(isBlockedAddress(address)).toBe(blocked));
});

describe("URL_ALLOW_HOSTS", () => {
  const lan = { allowPrivate: false, resolve: resolver, allowHosts: ["127.0.0.1:8000", "radio.lan"] };
  it("lets a listed host:port through and nothing else on that host", async () => {
    expect(await checkUrl("http://127.0.0.1:8000/a.mp3", lan)).toEqual({
      ok: true,
      url: "http://127.0.0.1:8000/a.mp3",
    });
    expect((await checkUrl("http://127.0.0.1:8001/a.mp3", lan)).ok).toBe(false);
    expect((await checkUrl("http://127.0.0.1/a.mp3", lan)).ok).toBe(false);
  });
  it("lets a listed bare host through on any port", async () => {
    expect((await checkUrl("http://radio.lan:8000/stream", lan)).ok).toBe(true);
    expect((await checkUrl("https://radio.lan/stream", lan)).ok).toBe(true);
  });
  it("still refuses other private hosts, internal names and other schemes", async () => {
    expect((await checkUrl("http://10.0.0.5:8000/a.mp3", lan)).ok).toBe(false);
    expect((await checkUrl("http://localhost:8000/a.mp3", lan)).ok).toBe(false);
    expect((await checkUrl("http://127.0.0.1.nip.io:8000/a.mp3", lan)).ok).toBe(false);
    expect((await checkUrl("file:///etc/passwd", lan)).ok).toBe(false);
  });
});
