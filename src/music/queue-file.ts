import { z } from "zod";
import { text as local, userError } from "../i18n/translate.ts";
import type { TrackView } from "./types.ts";

/**
 * The queue file `export` writes and `import` reads: JSON, one entry per track, the playing track first. It carries
 * links, never Lavalink's encoded tracks: an import loads every link again through the URL guard and the node, so a
 * file can only ask for what a member could have typed into `play`.
 */
export const QUEUE_FILE_FORMAT = "encore.queue";
export const QUEUE_FILE_VERSION = 1;

const entry = z.strictObject({
  title: z.string().max(500),
  author: z.string().max(500),
  uri: z.string().min(1).max(2000),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3_600_000),
  sourceName: z.string().max(64).optional(),
  isStream: z.boolean().optional(),
});

export type QueueFileEntry = z.infer<typeof entry>;

export interface QueueFile {
  readonly format: typeof QUEUE_FILE_FORMAT;
  readonly version: typeof QUEUE_FILE_VERSION;
  readonly exportedAt: string;
  readonly tracks: QueueFileEntry[];
}

/** The file for a queue; tracks without a link cannot be loaded again and are left out (`skipped`). */
export function buildQueueFile(tracks: readonly TrackView[], now: number): { file: QueueFile; skipped: number } {
  const withLinks = tracks.filter((t): t is TrackView & { uri: string } => typeof t.uri === "string" && t.uri !== "");
  return {
    file: {
      format: QUEUE_FILE_FORMAT,
      version: QUEUE_FILE_VERSION,
      exportedAt: new Date(now).toISOString(),
      tracks: withLinks.map((t) => ({
        title: t.title.slice(0, 500),
        author: t.author.slice(0, 500),
        uri: t.uri,
        durationMs: Math.max(0, Math.round(t.durationMs)),
        sourceName: t.sourceName.slice(0, 64),
        isStream: t.isStream,
      })),
    },
    skipped: tracks.length - withLinks.length,
  };
}

/**
 * Reads a queue file strictly: valid UTF-8 JSON, this format and version, no unknown fields, at most `maxTracks`
 * entries, each within its bounds. @throws UserError BAD_FILE naming the first problem
 */
export function parseQueueFile(data: Buffer, maxTracks: number): QueueFile {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data));
  } catch {
    throw userError("BAD_FILE", "music.notQueueJson");
  }
  const schema = z.strictObject({
    format: z.literal(QUEUE_FILE_FORMAT),
    version: z.literal(QUEUE_FILE_VERSION),
    exportedAt: z.string().max(64),
    tracks: z.array(entry).min(1).max(maxTracks),
  });
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the file";
    // Field names from the file are never echoed back (they are the member's text, not Encore's).
    const detail =
      issue?.code === "too_big" && issue.path.join(".") === "tracks"
        ? local("queueFile.tooMany", { max: maxTracks })
        : issue?.code === "unrecognized_keys"
          ? local("queueFile.extraFields", { where })
          : `${where}: ${issue?.message ?? "not as expected"}`;
    throw userError("BAD_FILE", "music.notQueueFile", { detail });
  }
  return parsed.data as QueueFile;
}
