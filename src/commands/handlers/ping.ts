import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const s = ctx.status();
  const nodes = s.nodes.map((n) => {
    const state = n.connected ? `up, ${n.players} players` : "down";
    return `${n.id}: ${state}${n.problems.length ? ` (⚠ ${n.problems.join("; ")})` : ""}`;
  });
  await ctx.reply(
    `Pong! Gateway ${s.gatewayPingMs >= 0 ? `${s.gatewayPingMs} ms` : "measuring…"}. Nodes: ${nodes.join("; ") || "none"}.`,
  );
}
