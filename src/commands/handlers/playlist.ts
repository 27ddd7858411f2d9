import { refusal } from "../../i18n/refusals.ts";
import { userError } from "../../i18n/translate.ts";
import { storedFromView } from "../../music/stored-track.ts";
import type { TrackView } from "../../music/types.ts";
import { trackTitle } from "../../render/format.ts";
import {
  describeAdded,
  describeLoaded,
  playlistList,
  playlistPage,
  shownName,
  storeCall,
  viewOf,
} from "../../render/playlist.ts";
import type { Playlist } from "../../store/types.ts";
import type { PLAYLIST_SUBCOMMANDS } from "../defs/state.ts";
import { fallbackNote, parseRange, playTarget } from "../replies.ts";
import type { Choice, CommandContext, FocusedOption, GuildContext, SubcommandArgsOf } from "../types.ts";

/**
 * `playlist create|add|remove|show|list|load|delete|rename`: a member's saved playlists, kept per user (the same in
 * every server). Only `load` touches voice, so only `load` declares the voice preconditions.
 */
export async function run(ctx: GuildContext, args: SubcommandArgsOf<typeof PLAYLIST_SUBCOMMANDS>): Promise<void> {
  switch (args.subcommand) {
    case "list":
      return list(ctx);
    case "create":
      return create(ctx, args.name);
    case "add":
      return add(ctx, args.name, args.what?.trim() ?? "");
    case "remove":
      return removeTracks(ctx, args.name, args.positions);
    case "show":
      return show(ctx, args.name, args.page ?? 1);
    case "load":
      return load(ctx, args.name);
    case "delete":
      return deletePlaylist(ctx, args.name);
    case "rename":
      return rename(ctx, args.name, args.new_name);
  }
}

/** Suggests the member's own playlists for the `name` option (not when creating one). */
export async function autocomplete(ctx: CommandContext, focused: FocusedOption): Promise<Choice[]> {
  if (focused.name !== "name" || focused.subcommand === "create") return [];
  const typed = focused.value.trim().toLowerCase();
  return ctx.store.playlists
    .list(ctx.user.id)
    .filter((p) => p.name.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((p) => ({
      name: ctx.t("playlist.choice", { name: p.name, count: p.trackCount }).slice(0, 100),
      value: p.name,
    }));
}

function owned(ctx: CommandContext, name: string): Playlist {
  const found = ctx.store.playlists.get(ctx.user.id, name);
  if (!found) {
    throw userError("PLAYLIST_NOT_FOUND", "playlist.notFound", {
      name: shownName(name),
      example: `${ctx.prefix}playlist list`,
    });
  }
  return found;
}

async function list(ctx: CommandContext): Promise<void> {
  const items = ctx.store.playlists.list(ctx.user.id);
  if (items.length === 0) {
    await ctx.reply(ctx.t("playlist.noneYet", { usage: `${ctx.prefix}playlist create <name>` }));
    return;
  }
  await ctx.reply({ embeds: [playlistList(ctx.t, items)] });
}

async function create(ctx: CommandContext, name: string): Promise<void> {
  const created = storeCall(() => ctx.store.playlists.create(ctx.user.id, name), { playlist: name }, ctx.prefix);
  await ctx.reply(
    ctx.t("playlist.created", { name: shownName(created.name), usage: `${ctx.prefix}playlist add <name> current` }),
  );
}

async function add(ctx: GuildContext, name: string, value: string): Promise<void> {
  const playlist = owned(ctx, name);
  const what = value.toLowerCase();
  let offered: readonly TrackView[];
  let from: string | null = null;
  let note: string | null = null;
  if (what === "" || what === "current" || what === "now") {
    const current = ctx.music.snapshot(ctx.guildId)?.current;
    if (!current) throw userError("NO_PLAYER", "playlist.noCurrent");
    offered = [current];
  } else if (what === "queue") {
    const snap = ctx.music.snapshot(ctx.guildId);
    offered = snap ? [...(snap.current ? [snap.current] : []), ...snap.upcoming] : [];
    if (offered.length === 0) throw userError("QUEUE_EMPTY", "playlist.queueEmpty");
  } else {
    await ctx.defer();
    const found = await ctx.music.search(value, ctx.user, ctx.settings().defaultSource ?? undefined);
    if (found.tracks.length === 0) throw refusal("NO_RESULTS");
    offered = found.kind === "playlist" ? found.tracks : found.tracks.slice(0, 1);
    from = found.kind === "playlist" ? found.playlistName : null;
    note = fallbackNote(ctx.t, found);
  }
  const result = storeCall(
    () => ctx.store.playlists.addTracks(ctx.user.id, playlist.name, offered.map(storedFromView)),
    { playlist: playlist.name, trackCount: playlist.tracks.length },
    ctx.prefix,
  );
  const text = describeAdded(ctx.t, playlist.name, offered, result, from);
  await ctx.reply(note ? `${text}\n${note}` : text);
}

async function removeTracks(ctx: CommandContext, name: string, value: string): Promise<void> {
  const range = parseRange(value);
  if (!range) {
    throw userError("BAD_ARGUMENT", "playlist.badRange", { usage: `${ctx.prefix}playlist show <name>` });
  }
  const playlist = owned(ctx, name);
  const removed = storeCall(
    () => ctx.store.playlists.removeTracks(ctx.user.id, playlist.name, range.from, range.to),
    { playlist: playlist.name },
    ctx.prefix,
  );
  const [only] = removed;
  await ctx.reply(
    removed.length === 1 && only
      ? ctx.t("playlist.removedOne", { track: trackTitle(ctx.t, viewOf(ctx.t, only)), name: shownName(playlist.name) })
      : ctx.t("playlist.removedMany", { count: removed.length, ...range, name: shownName(playlist.name) }),
  );
}

async function show(ctx: CommandContext, name: string, page: number): Promise<void> {
  const playlist = owned(ctx, name);
  if (playlist.tracks.length === 0) {
    await ctx.reply(
      ctx.t("playlist.empty", { name: shownName(playlist.name), usage: `${ctx.prefix}playlist add <name> current` }),
    );
    return;
  }
  await ctx.reply({ embeds: [playlistPage(ctx.t, playlist, page)] });
}

async function load(ctx: CommandContext, name: string): Promise<void> {
  const playlist = owned(ctx, name);
  if (playlist.tracks.length === 0) {
    throw userError("PLAYLIST_EMPTY", "playlist.emptyLoad", { name: shownName(playlist.name) });
  }
  await ctx.defer();
  const result = await ctx.music.playStored(playTarget(ctx), playlist.tracks);
  await ctx.reply(describeLoaded(ctx.t, playlist.name, result));
}

async function deletePlaylist(ctx: CommandContext, name: string): Promise<void> {
  const playlist = owned(ctx, name);
  storeCall(() => ctx.store.playlists.delete(ctx.user.id, playlist.name), { playlist: playlist.name }, ctx.prefix);
  await ctx.reply(ctx.t("playlist.deleted", { name: shownName(playlist.name), count: playlist.tracks.length }));
}

async function rename(ctx: CommandContext, name: string, value: string): Promise<void> {
  if (!value) {
    throw userError("BAD_ARGUMENT", "playlist.newName", { usage: `${ctx.prefix}playlist rename <name> <new name>` });
  }
  const playlist = owned(ctx, name);
  storeCall(
    () => ctx.store.playlists.rename(ctx.user.id, playlist.name, value),
    { playlist: playlist.name, newName: value },
    ctx.prefix,
  );
  await ctx.reply(ctx.t("playlist.renamed", { name: shownName(playlist.name), newName: shownName(value) }));
}
