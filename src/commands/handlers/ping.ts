import type { CommandContext, StatusView } from "../types.ts";

type NodeView = StatusView["nodes"][number];

/** "main: up, 2 players, Lavalink 4.2.2, links ✓, search: SoundCloud (note) (⚠ problem)". */
function describeNode(n: NodeView): string {
  if (!n.connected) return `${n.id}: down`;
  const parts = [`up, ${n.players} players`];
  if (n.server) parts.push(n.server);
  if (n.links !== undefined) parts.push(n.links ? "links ✓" : "links ✗");
  if (n.search !== undefined) parts.push(n.search ? `search: ${n.search}` : "search ✗");
  if (n.plugins?.length) parts.push(`plugins: ${n.plugins.join(", ")}`);
  const notes = n.notes?.length ? ` (${n.notes.join("; ")})` : "";
  const problems = n.problems.length ? ` (⚠ ${n.problems.join("; ")})` : "";
  return `${n.id}: ${parts.join(", ")}${notes}${problems}`;
}

/** "Engine: embedded (3 playing; yt-dlp: no)" / "Engine: Lavalink (embedded fallback ready)". */
function describeEngine(e: StatusView["engine"]): string {
  const tools = `ffmpeg ${e.ffmpeg ? "✓" : "✗"}, yt-dlp ${e.ytDlp ? "✓" : "✗"}`;
  if (e.current === "embedded") {
    return `Engine: embedded${e.fallback ? " (standing in for the Lavalink nodes)" : ""}, ${e.embeddedPlayers} playing, ${tools}.`;
  }
  return `Engine: Lavalink${e.fallback ? `, embedded fallback ${e.ffmpeg ? "ready" : "unavailable (no ffmpeg)"}` : ""}.`;
}

export async function run(ctx: CommandContext): Promise<void> {
  const s = ctx.status();
  const nodes = s.nodes.map(describeNode);
  const slashOnly = !s.messageContentRefused
    ? ""
    : " Prefix commands are off: Discord did not grant the Message Content intent (enable it on the Bot page of the developer portal), so only slash commands work.";
  await ctx.reply(
    `Pong! Gateway ${s.gatewayPingMs >= 0 ? `${s.gatewayPingMs} ms` : "measuring…"}. Nodes: ${nodes.join("; ") || "none"}. ${describeEngine(s.engine)}${slashOnly}`,
  );
}
