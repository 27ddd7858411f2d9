/**
 * The baseline Encore is measured against: a bare discord.js v14 client with the same intents, logging in to the
 * same fake Discord and answering slash commands with a plain reply. Prints "baseline ready" once ready.
 */
import { Client, GatewayIntentBits } from "discord.js";

const client = new Client({
  intents: [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildVoiceStates,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.MessageContent,
  ],
  rest: { api: process.env.DISCORD_API_BASE ?? "" },
  // Same shard count as Encore's default ("auto": Discord's recommendation) when the bench asks for it.
  ...(process.env.BASELINE_SHARDS === "auto" ? { shards: "auto" as const } : {}),
});
client.on("interactionCreate", (i) => {
  if (i.isChatInputCommand()) void i.reply({ content: "Pong!" }).catch(() => undefined);
});
client.once("clientReady", () => process.stdout.write("baseline ready\n"));
process.on("SIGTERM", () => {
  void client.destroy().finally(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN);
