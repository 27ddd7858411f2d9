import { afterEach, describe, expect, it } from "vitest";
import { COMMUNITY_GUILD, generateGuilds } from "../fakes/discord/index.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { prefixReply } from "../helpers/player-driver.ts";

const STAGE = "900000000000000030";

describe("discord.js caches only what Encore reads", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("keeps guilds, voice states, the bot's member and the roles permission checks need; no text channels or people", async () => {
    const [community] = generateGuilds(1, COMMUNITY_GUILD);
    const base = guildSpec();
    const spec = { ...base, channels: [...base.channels, { id: STAGE, name: "Stage", type: 13 as never }] };
    h = await startHarness({ discord: { guilds: [spec, community?.spec as never] } });
    const client = h.app.client;
    expect(client.guilds.cache.size).toBe(2);

    const guild = client.guilds.cache.get(ids.guild);
    // Voice states are all there (listener counts, alone detection); members are not, except the bot.
    expect(guild?.voiceStates.cache.size).toBe(base.voiceStates?.length);
    expect([...(guild?.members.cache.keys() ?? [])]).toEqual([h.discord.botUser.id]);
    expect(guild?.members.me?.id).toBe(h.discord.botUser.id);
    expect([...client.users.cache.keys()]).toEqual([h.discord.botUser.id]);
    // @everyone, the Manage Server role and the role named DJ.
    expect(new Set(guild?.roles.cache.keys())).toEqual(new Set([ids.guild, ids.adminRole, ids.djRole]));
    // Only the stage channel (its overwrites decide whether the bot may speak there).
    expect([...client.channels.cache.keys()]).toEqual([STAGE]);

    // A 27-role, 30-channel, 20-member guild leaves @everyone and nothing else.
    const big = client.guilds.cache.get(community?.spec.id ?? "");
    expect([...(big?.roles.cache.keys() ?? [])]).toEqual([community?.spec.id]);
    expect(big?.channels.cache.size).toBe(0);
    expect(big?.memberCount).toBe(21);

    // Caches Encore never reads are one empty collection shared by all guilds, and stay empty.
    expect(big?.emojis.cache).toBe(guild?.emojis.cache);
    expect(big?.invites.cache).toBe(guild?.invites.cache);
    expect(big?.presences.cache).toBe(guild?.presences.cache);
    expect(big?.soundboardSounds.cache).toBe(guild?.soundboardSounds.cache);
    expect(big?.emojis.cache).not.toBe(big?.stickers.cache as unknown);
    big?.emojis.cache.set("1", {} as never);
    expect(guild?.emojis.cache.size).toBe(0);
    // Caches that hold something stay per guild.
    expect(big?.voiceStates.cache).not.toBe(guild?.voiceStates.cache);
    expect(big?.roles.cache).not.toBe(guild?.roles.cache);
  });

  it("prefix commands work in uncached channels and read Manage Server from the message's member roles", async () => {
    h = await startHarness();
    expect(h.app.client.channels.cache.has(ids.text)).toBe(false);
    const refused = await prefixReply(h, "settings set prefix ?", ids.alice);
    expect(refused.content).toMatch(/Manage Server/);
    // The admin's Manage Server comes from a role id in the message payload and the cached role's permissions.
    const set = await prefixReply(h, "settings set prefix ?", ids.admin);
    expect(set.content).toBe("Set **prefix** to `?`.");
    expect(set.message_reference?.message_id).toBeTruthy();
  });
});
