import type { FakeGuildSpec } from "./types.ts";

/** Ids of the sample guild: one owner (Alice, in voice), one member with a DJ role (Bob), one plain member (Carol). */
export const SAMPLE = {
  guildId: "900000000000000001",
  textChannelId: "900000000000000010",
  voiceChannelId: "900000000000000020",
  otherVoiceChannelId: "900000000000000021",
  djRoleId: "900000000000000200",
  alice: { id: "900000000000000100", username: "alice" },
  bob: { id: "900000000000000101", username: "bob" },
  carol: { id: "900000000000000102", username: "carol" },
} as const;

/** A small, realistic guild for tests; @everyone gets Discord's defaults, the bot member is added automatically. */
export function sampleGuild(overrides: Partial<FakeGuildSpec> = {}): FakeGuildSpec {
  return {
    id: SAMPLE.guildId,
    name: "Encore Test Guild",
    ownerId: SAMPLE.alice.id,
    channels: [
      { id: SAMPLE.textChannelId, name: "general", type: 0 },
      { id: SAMPLE.voiceChannelId, name: "Music", type: 2 },
      { id: SAMPLE.otherVoiceChannelId, name: "Lounge", type: 2 },
    ],
    roles: [{ id: SAMPLE.djRoleId, name: "DJ", permissions: "0" }],
    members: [
      { user: { ...SAMPLE.alice }, roles: [] },
      { user: { ...SAMPLE.bob }, roles: [SAMPLE.djRoleId], nick: "Bobby" },
      { user: { ...SAMPLE.carol }, roles: [] },
    ],
    voiceStates: [{ userId: SAMPLE.alice.id, channelId: SAMPLE.voiceChannelId }],
    ...overrides,
  };
}
