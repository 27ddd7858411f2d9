import { userError } from "../../i18n/translate.ts";
import { trackLength } from "../../render/format.ts";
import type { PLAY_OPTIONS } from "../defs/playback.ts";
import { describePlay, playTarget } from "../replies.ts";
import type { ArgsOf, AttachmentRef, Choice, CommandContext } from "../types.ts";

type PlayArgs = ArgsOf<typeof PLAY_OPTIONS>;

/** Extensions of audio (and audio-carrying video) files the engines play, for files Discord gives no type. */
const AUDIO_EXTENSIONS = /\.(mp3|ogg|oga|opus|flac|wav|m4a|aac|webm|mka|mkv|mp4|wma|aiff?)$/i;

export const isPlayableFile = (file: AttachmentRef): boolean =>
  /^(audio|video)\//i.test(file.contentType ?? "") || AUDIO_EXTENSIONS.test(file.name);

/** "my_song.mp3" → "my song": the title a file without tags gets. */
export const titleOfFile = (name: string): string =>
  name
    .replace(/\.[^.]*$/, "")
    .replace(/_+/g, " ")
    .trim() || name;

/**
 * The file to play: the slash option's attachment, or for a prefix command the message's first audio attachment
 * (any attachment when none is audio, so a wrong file is answered rather than ignored).
 */
function attachedFile(ctx: CommandContext, args: PlayArgs): AttachmentRef | undefined {
  if (args.file === undefined) return undefined;
  if (ctx.source === "prefix") return ctx.attachments.find(isPlayableFile) ?? ctx.attachments[0];
  return ctx.attachments.find((a) => a.id === args.file);
}

export async function run(ctx: CommandContext, args: PlayArgs): Promise<void> {
  const file = attachedFile(ctx, args);
  const query = args.query?.trim() ?? "";
  if (args.file !== undefined && !file) throw userError("BAD_FILE", "discord.badFile");
  if (file && !isPlayableFile(file)) {
    throw userError("BAD_FILE", "play.badFile");
  }
  if (!file && !query) {
    throw userError("BAD_ARGUMENT", "play.nothingToPlay");
  }
  // An attached file is played by its URL, the same way (and through the same URL guard) as a pasted link.
  const result = await ctx.music.play({
    ...playTarget(ctx),
    query: file ? file.url : query,
    ...(file ? { fileTitle: titleOfFile(file.name) } : {}),
    shuffle: args.shuffle === true,
  });
  await ctx.reply(describePlay(ctx.t, result));
}

export async function autocomplete(ctx: CommandContext, focused: { name: string; value: string }): Promise<Choice[]> {
  const text = focused.value.trim();
  if (text.length < 2 || /^https?:\/\//i.test(text) || !ctx.music.available()) return [];
  const found = await ctx.music.search(text, ctx.user, ctx.settings().defaultSource ?? undefined);
  return found.tracks.slice(0, 10).map((t) => {
    const label = `${t.title} — ${t.author} (${trackLength(ctx.t, t)})`;
    const value = t.uri && t.uri.length <= 100 ? t.uri : t.title.slice(0, 100);
    return { name: label.length > 100 ? `${label.slice(0, 99)}…` : label, value };
  });
}
