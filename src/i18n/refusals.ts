import type { UserError } from "../core/errors.ts";
import { type LocalText, localError, text } from "./translate.ts";

/**
 * The refusals more than one place gives, each with its one catalogue entry. Codes are stable (tests and replies
 * match on them); a refusal said in one place only is thrown there with `userError(code, key)`.
 */
export const REFUSALS = {
  GUILD_ONLY: () => text("refusal.guildOnly"),
  NOT_IN_VOICE: () => text("refusal.notInVoice"),
  NOT_SAME_VOICE: (botChannelId: string) => text("refusal.notSameVoice", { channel: `<#${botChannelId}>` }),
  NO_PLAYER: () => text("refusal.noPlayer"),
  QUEUE_EMPTY: () => text("refusal.queueEmpty"),
  NO_RESULTS: () => text("refusal.noResults"),
  NEEDS_MANAGE_SERVER: () => text("refusal.needsManageServer"),
  NOT_ALLOWED: () => text("refusal.notAllowed"),
  DJ_ONLY: () => text("refusal.djOnly"),
  NEEDS_DJ: (what: "removeOthers" | "moveListeners") => text(`refusal.needsDj.${what}`),
} as const satisfies Record<string, (...params: never[]) => LocalText>;

export type RefusalKey = keyof typeof REFUSALS;

/** The code a refusal carries: DJ-only mode and the DJ rules are refusals of kind NOT_ALLOWED. */
const CODE: Partial<Record<RefusalKey, string>> = { DJ_ONLY: "NOT_ALLOWED", NEEDS_DJ: "NOT_ALLOWED" };

/** A UserError from the catalogue: `throw refusal("NO_PLAYER")`. */
export function refusal<K extends RefusalKey>(key: K, ...params: Parameters<(typeof REFUSALS)[K]>): UserError {
  const local = (REFUSALS[key] as (...p: unknown[]) => LocalText)(...params);
  return localError(CODE[key] ?? key, local);
}
