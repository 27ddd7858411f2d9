import type { ApplicationCommandOption, GatewayFrame, RecordedFile, UploadFile } from "./types.ts";

/** What tests send through the fake Discord, and how its logs describe frames and uploads. */

export interface InteractionTarget {
  guildId: string;
  channelId: string;
  userId: string;
  /** Overrides `interactionDeadlineMs` for this interaction. */
  deadlineMs?: number;
}

export interface SlashOptions extends InteractionTarget {
  name: string;
  /**
   * The subcommand invoked (`"add"` for `/playlist add`): Discord then sends one type-1 option named after it, with
   * the given options nested inside (`options: []` when there are none).
   */
  subcommand?: string;
  /** Raw API option objects `{ name, type, value }`, including sub-commands (type 1) and groups (type 2). */
  options?: ApplicationCommandOption[];
}

export interface ComponentOptions extends InteractionTarget {
  messageId: string;
  customId: string;
  /** 2 button (default), 3 string select. */
  componentType?: number;
  values?: string[];
}

export const describeFrame = (f: GatewayFrame) =>
  `op ${f.op}${f.t ? ` ${f.t}` : ""}${f.s ? ` s=${f.s}` : ""} ${JSON.stringify(f.d)?.slice(0, 160)}`;

export function recordedUpload(f: UploadFile, field: string): RecordedFile {
  const data = typeof f.data === "string" ? Buffer.from(f.data) : f.data;
  const contentType = f.contentType ?? (f.name.endsWith(".json") ? "application/json" : "application/octet-stream");
  return { field, name: f.name, size: f.size ?? data.length, contentType, data };
}
