import type { Translate } from "../../i18n/translate.ts";
import type { CommandContext, StatusView } from "../types.ts";

type NodeView = StatusView["nodes"][number];

/** "main: up, 2 players, Lavalink 4.2.2, links ✓, search: SoundCloud (note) (⚠ problem)". */
function describeNode(t: Translate, n: NodeView): string {
  if (!n.connected) return t("ping.down", { node: n.id });
  const parts = [t("ping.up", { players: n.players })];
  if (n.server) parts.push(n.server);
  if (n.links !== undefined) parts.push(t(n.links ? "ping.links" : "ping.noLinks"));
  if (n.search !== undefined) parts.push(n.search ? t("ping.search", { source: n.search }) : t("ping.noSearch"));
  if (n.plugins?.length) parts.push(t("ping.plugins", { plugins: n.plugins.join(", ") }));
  const notes = n.notes?.length ? ` (${n.notes.join("; ")})` : "";
  const problems = n.problems.length ? ` (⚠ ${n.problems.join("; ")})` : "";
  return `${n.id}: ${parts.join(", ")}${notes}${problems}`;
}

/** "Engine: embedded (3 playing; yt-dlp: no)" / "Engine: Lavalink (embedded fallback ready)". */
function describeEngine(t: Translate, e: StatusView["engine"]): string {
  const tools = `ffmpeg ${e.ffmpeg ? "✓" : "✗"}, yt-dlp ${e.ytDlp ? "✓" : "✗"}`;
  if (e.current === "embedded") {
    const standIn = e.fallback ? t("ping.standIn") : "";
    return t("ping.engineEmbedded", { standIn, playing: e.embeddedPlayers, tools });
  }
  const fallback = e.fallback ? t(e.ffmpeg ? "ping.fallbackReady" : "ping.fallbackUnavailable") : "";
  return t("ping.engineLavalink", { fallback });
}

export async function run(ctx: CommandContext): Promise<void> {
  const s = ctx.status();
  const t = ctx.t;
  const nodes = s.nodes.map((n) => describeNode(t, n));
  await ctx.reply(
    t("ping.pong", {
      ping: s.gatewayPingMs >= 0 ? `${s.gatewayPingMs} ms` : t("ping.measuring"),
      nodes: nodes.join("; ") || t("ping.none"),
      engine: describeEngine(t, s.engine),
      slashOnly: s.messageContentRefused ? t("ping.slashOnly") : "",
    }),
  );
}
