import type { NodeSessionStore, QueueStore } from "./types.ts";

/** The shards one process of a multi-process deployment runs, out of how many. */
export interface ShardScope {
  readonly shardIds: readonly number[];
  readonly shardCount: number;
}

/** Whether a guild's events (and so its player) belong to these shards: Discord's `(guild_id >> 22) % count`. */
export function ownsGuild(scope: ShardScope, guildId: string): boolean {
  const shard = Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, scope.shardCount)));
  return scope.shardIds.includes(shard);
}

/**
 * Saved players as one process of several sees them: only guilds on its own shards are restored, so every guild's
 * player comes back in the process that owns the guild's shard. Writes are per guild and need no scoping.
 */
export function shardScopedQueues(queues: QueueStore, scope: ShardScope): QueueStore {
  return {
    save: (p) => queues.save(p),
    savePosition: (guildId, positionMs, at, paused) => queues.savePosition(guildId, positionMs, at, paused),
    load: (guildId) => (ownsGuild(scope, guildId) ? queues.load(guildId) : null),
    all: () => queues.all().filter((p) => ownsGuild(scope, p.guildId)),
    delete: (guildId) => queues.delete(guildId),
  };
}

/**
 * Each process has its own Lavalink session per node, so the stored session id is kept per group of shards
 * (`<node>@<first shard>`): a restarted process resumes its own session, not another process's.
 */
export function shardScopedSessions(sessions: NodeSessionStore, scope: ShardScope): NodeSessionStore {
  const suffix = `@${scope.shardIds[0] ?? 0}`;
  return {
    get: (nodeId) => sessions.get(`${nodeId}${suffix}`),
    set: (nodeId, sessionId) => sessions.set(`${nodeId}${suffix}`, sessionId),
    all: () =>
      new Map(
        [...sessions.all()]
          .filter(([key]) => key.endsWith(suffix))
          .map(([key, id]) => [key.slice(0, -suffix.length), id] as const),
      ),
  };
}
