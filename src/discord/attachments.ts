import type { Attachment, ChatInputCommandInteraction, Interaction, Message } from "discord.js";
import type { AttachmentRef } from "../commands/types.ts";
import { userError } from "../i18n/translate.ts";

/** Where Discord serves attachments. */
const DISCORD_CDN_ORIGINS = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

export interface AttachmentReaderOptions {
  /** DISCORD_API_BASE, when set: a Discord-compatible server serves its attachments from its own origin. */
  readonly apiBase?: string | undefined;
  readonly timeoutMs?: number;
}

const toRef = (a: Attachment): AttachmentRef => ({
  id: a.id,
  name: a.name,
  url: a.url,
  size: a.size,
  contentType: a.contentType ?? null,
});

/** Files attached to a slash command's options, or to a prefix command's message. */
export function attachmentsOf(origin: Interaction | Message): AttachmentRef[] {
  if ("author" in origin) return [...origin.attachments.values()].map(toRef);
  if (!origin.isChatInputCommand()) return [];
  const i = origin as ChatInputCommandInteraction;
  return i.options.data.flatMap((o) => (o.attachment ? [toRef(o.attachment)] : []));
}

/**
 * Reads attachments from Discord's CDN only (or the configured Discord-compatible server): any other host is refused,
 * so a forged attachment URL cannot make Encore fetch from elsewhere. Redirects are refused; the size is checked
 * against `maxBytes` before the download and again while reading.
 */
export function attachmentReader(opts: AttachmentReaderOptions) {
  const origins = new Set(DISCORD_CDN_ORIGINS);
  if (opts.apiBase) origins.add(new URL(opts.apiBase).origin);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return async (ref: AttachmentRef, maxBytes: number): Promise<Buffer> => {
    const tooLarge = () => userError("FILE_TOO_LARGE", "discord.fileTooLarge", { kb: Math.floor(maxBytes / 1024) });
    if (ref.size > maxBytes) throw tooLarge();
    let url: URL;
    try {
      url = new URL(ref.url);
    } catch {
      throw userError("BAD_FILE", "discord.badFile");
    }
    if (!origins.has(url.origin)) throw userError("BAD_FILE", "discord.notDiscordFile");
    let res: Response;
    try {
      res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw userError("BAD_FILE", "discord.downloadFailed");
    }
    if (!res.ok || !res.body) throw userError("BAD_FILE", "discord.downloadFailed");
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  };
}
