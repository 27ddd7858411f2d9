import { nodeHasJavaLyrics, nodeHasLavaLyrics } from "./lyrics.ts";
import { type NodeInfoLike, NodeSources } from "./node-sources.ts";

const LAVASRC_LINKS: readonly [manager: string, label: string][] = [
  ["spotify", "Spotify"],
  ["applemusic", "Apple Music"],
  ["deezer", "Deezer"],
];

/**
 * What the node's plugins add that Encore uses, for `/ping` and the logs: "Spotify, Deezer (LavaSrc)",
 * "SponsorBlock", "lyrics (LavaLyrics)", "lyrics (java-lyrics)". Empty for a node without any.
 */
export function pluginFeatures(info: NodeInfoLike | null | undefined): string[] {
  const sources = new NodeSources(info);
  const plugins = (info?.plugins ?? []).map((p) => ({ name: String(p?.name ?? "") }));
  const features: string[] = [];
  const services = LAVASRC_LINKS.filter(([manager]) => sources.hasManager(manager)).map(([, label]) => label);
  if (services.length > 0) features.push(`${services.join(", ")} (LavaSrc)`);
  if (sources.hasPlugin("sponsorblock-plugin")) features.push("SponsorBlock");
  if (nodeHasLavaLyrics(plugins)) features.push("lyrics (LavaLyrics)");
  else if (nodeHasJavaLyrics(plugins)) features.push("lyrics (java-lyrics)");
  return features;
}
