import { randomBytes } from "node:crypto";

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Generates increasing snowflake ids, so discord.js derives sensible creation times from them. */
export class SnowflakeGenerator {
  #increment = 0n;

  next(now: number = Date.now()): string {
    this.#increment = (this.#increment + 1n) & 0xfffn;
    return (((BigInt(now) - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
  }
}

/** An opaque token in the style of interaction and voice tokens. */
export function randomToken(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}
