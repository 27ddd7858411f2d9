import type { StatsSnapshot } from "../ops/stats.ts";
import { safe } from "./format.ts";

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** "3d 4h 5m", "4h 5m", "5m 6s". */
export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${s % 60}s`;
}

/** The `/stats` text: the figures `/metrics` exports, for people. */
export function formatStats(s: StatsSnapshot): string {
  const players = Object.entries(s.players)
    .map(([engine, n]) => `${n} (${engine})`)
    .join(", ");
  const ping = s.discord.pingSeconds.length
    ? s.discord.pingSeconds.map((p) => `${Math.round(p.seconds * 1000)} ms`).join(", ")
    : "measuring…";
  const nodes = s.nodes.map((n) => {
    const parts = [n.state === "connected" ? "up" : "down", `${n.players} players (${n.playingPlayers} playing)`];
    if (n.cpuLoad !== null) parts.push(`CPU ${percent(n.cpuLoad)}`);
    if (n.memoryUsedBytes !== null) parts.push(`memory ${mb(n.memoryUsedBytes)}`);
    parts.push(n.compatible === null ? "not checked yet" : n.compatible ? "compatible" : `⚠ ${n.problems.join("; ")}`);
    return `• ${safe(n.id, 64)}: ${parts.join(", ")}`;
  });
  const caches = s.caches.map(
    (c) =>
      `• ${c.name}: ${c.entries} entries, ${c.hitRate === null ? "no lookups yet" : `${percent(c.hitRate)} hits`} (${c.hits}/${c.hits + c.misses})`,
  );
  return [
    "**Encore stats**",
    `Uptime ${formatUptime(s.uptimeSeconds)} · memory ${mb(s.memory.rssBytes)} RSS, heap ${mb(s.memory.heapUsedBytes)} (pressure: ${s.memory.pressure})`,
    `Discord: ${s.discord.ready ? "ready" : "not ready"}, ${s.discord.guilds} servers, gateway ${ping}${s.discord.messageContent ? "" : ", slash commands only (no Message Content intent)"}`,
    `Players: ${players || "0"} · music circuit breaker: ${s.breaker}`,
    `Rate limit refusals: ${s.refusals.commands} commands, ${s.refusals.autocomplete} autocomplete`,
    "Nodes:",
    ...(nodes.length ? nodes : ["• none configured"]),
    "Caches:",
    ...(caches.length ? caches : ["• none"]),
  ].join("\n");
}
