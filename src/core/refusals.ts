import { UserError } from "./errors.ts";

/**
 * The refusals more than one place gives, each with its one wording. Codes are stable (tests and replies match on
 * them); a refusal said in one place only keeps its text there, next to the rule it explains.
 */
export const REFUSALS = {
  GUILD_ONLY: () => "This command only works in a server.",
  NOT_IN_VOICE: () => "Join a voice channel first.",
  NOT_SAME_VOICE: (botChannelId: string) => `You need to be in <#${botChannelId}> with me to do that.`,
  NO_PLAYER: () => "Nothing is playing right now.",
  QUEUE_EMPTY: () => "The queue is empty.",
  NO_RESULTS: () => "I couldn't find anything for that.",
  NEEDS_MANAGE_SERVER: () => "You need the Manage Server permission to do that.",
  NOT_ALLOWED: () =>
    "Only a DJ, a member with Manage Server, whoever requested the current track, or someone alone with me can do that.",
  DJ_ONLY: () => "This server is in DJ-only mode: only DJs and members with Manage Server control playback.",
  NEEDS_DJ: (what: string) => `Only a DJ or a member with Manage Server can ${what}.`,
} as const;

export type RefusalKey = keyof typeof REFUSALS;

/** The code a refusal carries: DJ-only mode and the DJ rules are refusals of kind NOT_ALLOWED. */
const CODE: Partial<Record<RefusalKey, string>> = { DJ_ONLY: "NOT_ALLOWED", NEEDS_DJ: "NOT_ALLOWED" };

/** A UserError from the catalogue: `throw refusal("NO_PLAYER")`. */
export function refusal<K extends RefusalKey>(key: K, ...params: Parameters<(typeof REFUSALS)[K]>): UserError {
  const message = (REFUSALS[key] as (...p: unknown[]) => string)(...params);
  return new UserError(CODE[key] ?? key, message);
}
