import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const s = ctx.status();
  const nodes = s.nodes.map((n) => `${n.id}: ${n.connected ? `up, ${n.players} players` : "down"}`);
  await ctx.reply(
    `Pong! Gateway ${s.gatewayPingMs >= 0 ? `${s.gatewayPingMs} ms` : "measuring…"}. Nodes: ${nodes.join("; ") || "none"}.`,
  );
}
