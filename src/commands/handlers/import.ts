import { isUserError } from "../../core/errors.ts";
import { userError } from "../../i18n/translate.ts";
import { parseQueueFile } from "../../music/queue-file.ts";
import { storedFromView } from "../../music/stored-track.ts";
import type { TrackView } from "../../music/types.ts";
import { formatDuration, safe } from "../../render/format.ts";
import type { IMPORT_OPTIONS } from "../defs/queue.ts";
import { playTarget } from "../replies.ts";
import type { ArgsOf, CommandContext } from "../types.ts";

/** Links loaded at the same time while importing. */
const CONCURRENT_LOADS = 4;
/** Refusals that stop the whole import: the node is gone, nothing would load. */
const FATAL = new Set(["MUSIC_UNAVAILABLE", "NODE_ERROR"]);

type Loaded = TrackView | "refused" | "missing";

/**
 * Loads a queue file a member attached. Nothing in the file is trusted: it is size-checked, parsed strictly, and
 * every link goes through the same URL guard and node load as `play`; the tracks found join the queue under the
 * server's rules (queue and per-member limits, no duplicates, track length).
 */
export async function run(ctx: CommandContext, args: ArgsOf<typeof IMPORT_OPTIONS>): Promise<void> {
  const ref = ctx.attachments.find((a) => a.id === args.file);
  if (!ref) throw userError("BAD_ARGUMENT", "import.attach");
  if (!/\.json$/i.test(ref.name)) throw userError("BAD_FILE", "import.notJson");
  const target = playTarget(ctx);
  const data = await ctx.readAttachment(ref, ctx.limits.queueImportMaxBytes);
  const file = parseQueueFile(data, ctx.limits.maxImportTracks);
  const loaded = await mapLimit(file.tracks, CONCURRENT_LOADS, async (entry): Promise<Loaded> => {
    try {
      const found = await ctx.music.search(entry.uri, ctx.user);
      const track = found.kind === "track" ? found.tracks[0] : undefined;
      return track ?? "missing";
    } catch (err) {
      if (!isUserError(err) || FATAL.has(err.code)) throw err;
      return err.code === "URL_REFUSED" ? "refused" : "missing";
    }
  });
  const tracks = loaded.filter((t): t is TrackView => typeof t === "object");
  const refused = loaded.filter((t) => t === "refused").length;
  const missing = loaded.filter((t) => t === "missing").length;
  const problems = [
    ...(refused > 0 ? [ctx.t("import.refused", { count: refused })] : []),
    ...(missing > 0 ? [ctx.t("import.missing", { count: missing })] : []),
  ];
  if (tracks.length === 0) {
    throw userError("NO_RESULTS", "import.noneQueued", { problems: problems.join(", ") });
  }
  const result = await ctx.music.playStored(target, tracks.map(storedFromView));
  const total = result.added.reduce((sum, t) => sum + t.durationMs, 0);
  const t = ctx.t;
  const lines = [
    t("import.done", { count: result.added.length, file: safe(ref.name, 100), length: formatDuration(total) }),
  ];
  if (problems.length > 0) lines.push(t("import.leftOut", { problems: problems.join(", ") }));
  if (result.duplicates) lines.push(t("import.duplicates", { count: result.duplicates }));
  if (result.overMemberLimit) lines.push(t("import.memberLimit", { count: result.overMemberLimit }));
  if (result.truncated > 0) lines.push(t("import.truncated", { count: result.truncated }));
  await ctx.reply(lines.join("\n"));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
