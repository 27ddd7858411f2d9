import { UserError } from "../core/errors.ts";
import { MANAGE_GUILD, requireControl } from "./permissions.ts";
import type { CommandContext, PreconditionName } from "./types.ts";

type Check = (ctx: CommandContext) => void;

/** The named checks, written once and used by every way a command arrives (slash, prefix, buttons, menus). */
export const preconditions: Record<PreconditionName, Check> = {
  guildOnly(ctx) {
    if (!ctx.guildId) throw new UserError("GUILD_ONLY", "This command only works in a server.");
  },
  inVoice(ctx) {
    if (!ctx.voice.userChannelId()) throw new UserError("NOT_IN_VOICE", "Join a voice channel first.");
  },
  sameVoice(ctx) {
    const bot = ctx.voice.botChannelId();
    const user = ctx.voice.userChannelId();
    if (bot && user !== bot) {
      throw new UserError("NOT_SAME_VOICE", `You need to be in <#${bot}> with me to do that.`);
    }
  },
  playerActive(ctx) {
    const snap = ctx.guildId ? ctx.music.snapshot(ctx.guildId) : null;
    if (!snap?.current) throw new UserError("NO_PLAYER", "Nothing is playing right now.");
  },
  /** DJ, Manage Server, alone with the bot, or requester of the current track (see permissions.ts). */
  canControl(ctx) {
    requireControl(ctx);
  },
  /** A stage channel the bot could never speak in is refused up front instead of joining to stay silent. */
  canSpeak(ctx) {
    const channel = ctx.voice.userChannelId();
    if (channel && ctx.voice.stageRight(channel) === "none") {
      throw new UserError(
        "STAGE_NO_SPEAK",
        `<#${channel}> is a stage where I can't speak: give me the Request to Speak permission there (or Mute Members to go on stage by myself).`,
      );
    }
  },
  manageServer(ctx) {
    // Discord's computed permissions include every bit for administrators, so MANAGE_GUILD covers them.
    const m = ctx.member;
    if (!m || !(m.isOwner || (m.permissions & MANAGE_GUILD) === MANAGE_GUILD)) {
      throw new UserError("NEEDS_MANAGE_SERVER", "You need the Manage Server permission to do that.");
    }
  },
};

/** Runs the command's declared checks in order; guildOnly is implied by every voice check. */
export function checkPreconditions(ctx: CommandContext, names: readonly PreconditionName[]): void {
  const needsGuild = names.some((n) => n !== "guildOnly");
  if (needsGuild) preconditions.guildOnly(ctx);
  for (const name of names) preconditions[name](ctx);
}
