import { UserError } from "../core/errors.ts";
import { DJ_ONLY_MESSAGE, isAdmin, isDjOrAdmin, MANAGE_GUILD, requireControl } from "./permissions.ts";
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
  /** DJ-only mode: commands that change what plays for everyone (skip and its vote, play next) need a DJ. */
  djMode(ctx) {
    if (ctx.settings().djOnly && !isDjOrAdmin(ctx)) throw new UserError("NOT_ALLOWED", DJ_ONLY_MESSAGE);
  },
  /**
   * The member's voice channel is one the bot may join: the guild's voice channel rule, and no stage the bot could
   * never speak in (refused up front instead of joining to stay silent).
   */
  joinable(ctx) {
    const channel = ctx.voice.userChannelId();
    const only = ctx.settings().voiceChannelId;
    if (channel && only && channel !== only) {
      throw new UserError("VOICE_CHANNEL_RULE", `In this server I only join <#${only}>.`);
    }
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

/**
 * The guild's command channels: outside them commands are refused (members with Manage Server are exempt, so they
 * can always fix the setting). Prefix commands there are ignored without a reply (see the pipeline).
 */
export function checkCommandChannel(ctx: CommandContext): void {
  if (!ctx.guildId) return;
  const allowed = ctx.settings().commandChannelIds;
  if (allowed.length === 0 || allowed.includes(ctx.channelId) || isAdmin(ctx)) return;
  const list = allowed.map((id) => `<#${id}>`).join(", ");
  throw new UserError("WRONG_CHANNEL", `This server takes my commands in ${list}.`);
}

/** Runs the command's declared checks in order; guildOnly is implied by every voice check. */
export function checkPreconditions(ctx: CommandContext, names: readonly PreconditionName[]): void {
  const needsGuild = names.some((n) => n !== "guildOnly");
  if (needsGuild) preconditions.guildOnly(ctx);
  for (const name of names) preconditions[name](ctx);
}
