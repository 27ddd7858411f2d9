import type { Translate } from "../i18n/translate.ts";
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
export function formatStats(t: Translate, s: StatsSnapshot): string {
  const players = Object.entries(s.players)
    .map(([engine, n]) => `${n} (${engine})`)
    .join(", ");
  const ping = s.discord.pingSeconds.length
    ? s.discord.pingSeconds.map((p) => `${Math.round(p.seconds * 1000)} ms`).join(", ")
    : t("stats.measuring");
  const nodes = s.nodes.map((n) => {
    const parts = [
      t(n.state === "connected" ? "stats.up" : "stats.down"),
      t("stats.nodePlayers", { players: n.players, playing: n.playingPlayers }),
    ];
    if (n.cpuLoad !== null) parts.push(t("stats.cpu", { value: percent(n.cpuLoad) }));
    if (n.memoryUsedBytes !== null) parts.push(t("stats.memory", { value: mb(n.memoryUsedBytes) }));
    parts.push(
      n.compatible === null
        ? t("stats.notChecked")
        : n.compatible
          ? t("stats.compatible")
          : `⚠ ${n.problems.join("; ")}`,
    );
    return `• ${safe(n.id, 64)}: ${parts.join(", ")}`;
  });
  const caches = s.caches.map((c) =>
    t("stats.cacheLine", {
      name: c.name,
      entries: c.entries,
      hits: c.hitRate === null ? t("stats.noLookups") : t("stats.hitRate", { rate: percent(c.hitRate) }),
      counts: `${c.hits}/${c.hits + c.misses}`,
    }),
  );
  return [
    t("stats.title"),
    t("stats.uptime", {
      uptime: formatUptime(s.uptimeSeconds),
      rss: mb(s.memory.rssBytes),
      heap: mb(s.memory.heapUsedBytes),
      pressure: s.memory.pressure,
    }),
    t("stats.discord", {
      state: t(s.discord.ready ? "stats.ready" : "stats.notReady"),
      guilds: s.discord.guilds,
      ping,
      intent: s.discord.messageContent ? "" : t("stats.slashOnly"),
    }),
    t("stats.players", { players: players || "0", breaker: s.breaker }),
    t("stats.refusals", { commands: s.refusals.commands, autocomplete: s.refusals.autocomplete }),
    t("stats.nodes"),
    ...(nodes.length ? nodes : [t("stats.noNodes")]),
    t("stats.caches"),
    ...(caches.length ? caches : [t("stats.noCaches")]),
  ].join("\n");
}
