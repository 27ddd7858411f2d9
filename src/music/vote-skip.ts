/** Skip votes per guild, for one track at a time: a vote for another track (or `reset`) starts over. */
export class SkipVotes {
  private readonly byGuild = new Map<string, { trackKey: string; voters: Set<string> }>();

  /**
   * Records `userId`'s vote for `trackKey` and counts the votes of members still listening.
   * @param listeners non-bot members in the bot's voice channel
   * @param ratio share of listeners needed, 0–1
   */
  vote(
    guildId: string,
    trackKey: string,
    userId: string,
    listeners: readonly string[],
    ratio: number,
  ): { votes: number; needed: number; passed: boolean; repeated: boolean } {
    let entry = this.byGuild.get(guildId);
    if (!entry || entry.trackKey !== trackKey) {
      entry = { trackKey, voters: new Set() };
      this.byGuild.set(guildId, entry);
    }
    const repeated = entry.voters.has(userId);
    entry.voters.add(userId);
    const present = new Set(listeners);
    const votes = [...entry.voters].filter((id) => present.has(id)).length;
    const needed = neededVotes(listeners.length, ratio);
    return { votes, needed, passed: votes >= needed, repeated };
  }

  reset(guildId: string): void {
    this.byGuild.delete(guildId);
  }
}

/** Votes needed among `listeners` for `ratio` (at least one). */
export function neededVotes(listeners: number, ratio: number): number {
  return Math.max(1, Math.ceil(listeners * ratio - 1e-9));
}
