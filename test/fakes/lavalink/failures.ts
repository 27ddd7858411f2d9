/** Failures a test asks the fake node to answer with: the next few matching REST requests get an error status. */
interface FailureRule {
  remaining: number;
  status: number;
  matches: (method: string, path: string, body: unknown) => boolean;
}

/** `PATCH /v4/sessions/{sessionId}/players/{guildId}`: a player update. */
const PLAYER_UPDATE = /^\/v4\/sessions\/[^/]+\/players\/[^/]+$/;

export class InjectedFailures {
  readonly #rules: FailureRule[] = [];

  /** The next `count` requests whose path starts with `pathPrefix` (any method). */
  byPath(count: number, status: number, pathPrefix: string): void {
    this.#rules.push({ remaining: count, status, matches: (_method, path) => path.startsWith(pathPrefix) });
  }

  /** The next `count` player updates (`PATCH …/players/{guildId}`: pause, volume, seek, skip, filters…). */
  playerUpdates(count: number, status: number): void {
    this.#rules.push({
      remaining: count,
      status,
      matches: (method, path) => method === "PATCH" && PLAYER_UPDATE.test(path),
    });
  }

  /**
   * The next `count` player updates that start a track (`PATCH …/players/{guildId}` whose body has `track`), as a
   * node that cannot load or decode a track answers, while voice, volume and filter updates still pass.
   */
  trackStarts(count: number, status: number): void {
    this.#rules.push({
      remaining: count,
      status,
      matches: (method, path, body) =>
        method === "PATCH" && PLAYER_UPDATE.test(path) && typeof body === "object" && body !== null && "track" in body,
    });
  }

  /** Forgets every rule: the node answers normally again. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** The status to fail this request with, counting it against the first rule that matches; null for none. */
  take(method: string, path: string, body?: unknown): number | null {
    const rule = this.#rules.find((r) => r.remaining > 0 && r.matches(method, path, body));
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining === 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
    return rule.status;
  }
}
