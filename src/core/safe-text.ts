import { escapeMarkdown } from "discord.js";

/**
 * Makes user or track text inert: markdown escaped, mass mentions broken with a zero-width space, links in
 * square brackets neutralised. Replies also send `allowed_mentions: { parse: [] }`, so nothing pings either way.
 */
export function safe(text: string, maxLength = 256): string {
  const clipped = text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  return escapeMarkdown(clipped)
    .replace(/@(everyone|here)/gi, "@\u200b$1")
    .replace(/<@/g, "<\u200b@")
    .replace(/[[\]]/g, (c) => `\\${c}`);
}
