import { refusal } from "../i18n/refusals.ts";
import { userError } from "../i18n/translate.ts";
import {
  isAdmin,
  isDjOrAdmin,
  requireControl,
  requireDj,
  requireManageServer,
  requireRemoveRights,
} from "./permissions.ts";
import { parseRange } from "./replies.ts";
import type {
  Args,
  ArgsOfCheck,
  CommandContext,
  CommandDefinition,
  PreconditionName,
  PreconditionRule,
} from "./types.ts";

type Check<N extends PreconditionName> = (ctx: CommandContext, args: ArgsOfCheck<N>) => void;

/** The named checks, written once and used by every way a command arrives (slash, prefix, buttons, menus). */
export const preconditions: { readonly [N in PreconditionName]: Check<N> } = {
  guildOnly(ctx) {
    if (!ctx.guildId) throw refusal("GUILD_ONLY");
  },
  inVoice(ctx) {
    if (!ctx.voice.userChannelId()) throw refusal("NOT_IN_VOICE");
  },
  sameVoice(ctx) {
    const bot = ctx.voice.botChannelId();
    const user = ctx.voice.userChannelId();
    if (bot && user !== bot) throw refusal("NOT_SAME_VOICE", bot);
  },
  playerActive(ctx) {
    const snap = ctx.guildId ? ctx.music.snapshot(ctx.guildId) : null;
    if (!snap?.current) throw refusal("NO_PLAYER");
  },
  /** DJ, Manage Server, alone with the bot, or requester of the current track (see permissions.ts). */
  canControl(ctx) {
    requireControl(ctx);
  },
  /** DJ-only mode: commands that change what plays for everyone (skip and its vote, play next) need a DJ. */
  djMode(ctx) {
    if (ctx.settings().djOnly && !isDjOrAdmin(ctx)) throw refusal("DJ_ONLY");
  },
  /**
   * The member's voice channel is one the bot may join: the guild's voice channel rule, and no stage the bot could
   * never speak in (refused up front instead of joining to stay silent).
   */
  joinable(ctx) {
    const channel = ctx.voice.userChannelId();
    const only = ctx.settings().voiceChannelId;
    if (channel && only && channel !== only) {
      throw userError("VOICE_CHANNEL_RULE", "refusal.voiceChannelRule", { channel: `<#${only}>` });
    }
    if (channel && ctx.voice.stageRight(channel) === "none") {
      throw userError("STAGE_NO_SPEAK", "refusal.stageNoSpeak", { channel: `<#${channel}>` });
    }
  },
  manageServer(ctx) {
    requireManageServer(ctx);
  },
  /**
   * `remove <positions>`: members may always remove their own upcoming tracks; anyone else's needs control rights.
   * Positions that are not in the queue are left to the command, which says which positions exist.
   */
  removeRights(ctx, args) {
    const range = parseRange(args.positions);
    const upcoming = ctx.guildId ? (ctx.music.snapshot(ctx.guildId)?.upcoming ?? []) : [];
    if (!range || range.to > upcoming.length) return;
    requireRemoveRights(ctx, upcoming.slice(range.from - 1, range.to));
  },
  /** A command aimed at another member (`removeuser @them`) needs a DJ; aimed at oneself it does not. */
  othersNeedDj(ctx, args) {
    if (args.member !== ctx.user.id) {
      requireDj(ctx, "removeOthers");
    }
  },
  /** Taking the bot away from members who are listening is a DJ's call; an empty channel or an idle bot is anyone's. */
  movingListenersNeedsDj(ctx) {
    const target = ctx.voice.userChannelId();
    const current = ctx.voice.botChannelId();
    const playing = ctx.guildId ? ctx.music.snapshot(ctx.guildId)?.current : null;
    if (current && target && current !== target && ctx.voice.listenerIds().length > 0 && playing) {
      requireDj(ctx, "moveListeners");
    }
  },
};

/**
 * The guild's command channels: outside them commands are refused (members with Manage Server are exempt, so they
 * can always fix the setting). Prefix commands there are ignored without a reply (see the pipeline).
 */
export function checkCommandChannel(ctx: CommandContext): void {
  if (!ctx.guildId) return;
  const { commandChannelIds: allowed, requestChannelId } = ctx.settings();
  if (allowed.length === 0 || allowed.includes(ctx.channelId) || ctx.channelId === requestChannelId || isAdmin(ctx)) {
    return;
  }
  const list = allowed.map((id) => `<#${id}>`).join(", ");
  throw userError("WRONG_CHANNEL", "refusal.wrongChannel", { channels: list });
}

/** The rules that apply to this run: the command's, then its subcommand's (the one in `args.subcommand`). */
export function rulesFor(def: CommandDefinition, args: Args): PreconditionRule[] {
  const name = typeof args.subcommand === "string" ? args.subcommand : def.defaultSubcommand;
  const sub = def.subcommands?.find((s) => s.name === name);
  return [...def.preconditions, ...(sub?.preconditions ?? [])];
}

/** Runs the declared checks in order; guildOnly is implied by every other check. */
export function checkPreconditions(ctx: CommandContext, rules: readonly PreconditionRule[], args: Args = {}): void {
  const active = rules.filter((r) => typeof r === "string" || r.when(args));
  const names = active.map((r) => (typeof r === "string" ? r : r.check));
  if (names.some((n) => n !== "guildOnly")) preconditions.guildOnly(ctx, args);
  // The args were checked and coerced against the command's options, and `defineCommand` lets a command declare a
  // check that reads args only when its options give them: here they meet, as a handler's typed args do.
  for (const name of names) (preconditions[name] as (ctx: CommandContext, args: Args) => void)(ctx, args);
}
