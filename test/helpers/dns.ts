import type { HostResolver } from "../../src/music/url-guard.ts";

/**
 * The test network's DNS: public names the fixtures link to resolve to public addresses (nothing is fetched; the
 * fake node answers by URL), and names a member could use to reach the host resolve to internal addresses. Any
 * other name does not resolve, like a real typo.
 */
export const TEST_DNS: Readonly<Record<string, readonly string[]>> = {
  "www.youtube.com": ["142.250.74.206", "2a00:1450:4001:82b::200e"],
  "youtube.com": ["142.250.74.206"],
  "music.youtube.com": ["142.250.74.206"],
  "youtu.be": ["142.250.74.206"],
  "soundcloud.com": ["18.238.243.21"],
  "open.spotify.com": ["35.186.224.24"],
  "spotify.link": ["35.186.224.24"],
  "music.apple.com": ["17.253.144.10"],
  "www.deezer.com": ["185.60.92.32"],
  "deezer.com": ["185.60.92.32"],
  "deezer.page.link": ["142.250.74.206"],
  "cdn.example.org": ["93.184.216.34"],
  "127.0.0.1.nip.io": ["127.0.0.1"],
  "metadata.example.net": ["169.254.169.254"],
  "internal.example.net": ["93.184.216.34", "10.0.0.5"],
};

export const testResolver: HostResolver = async (host) => {
  const addresses = TEST_DNS[host.toLowerCase()];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
