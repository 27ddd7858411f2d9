import type { FakeGuildSpec } from "../fakes/discord/index.ts";
import type { FakePlaylistSpec, FakeTrackSpec } from "../fakes/lavalink/index.ts";

/** Ids used across integration tests. */
export const ids = {
  guild: "900000000000000001",
  text: "900000000000000010",
  voice: "900000000000000020",
  otherVoice: "900000000000000021",
  alice: "800000000000000001", // in voice
  bob: "800000000000000002", // not in voice
  carol: "800000000000000003", // in the other voice channel
  dj: "800000000000000004", // DJ role, in voice
  admin: "800000000000000005", // Manage Server, in voice
  erin: "800000000000000006", // no roles, in voice (a plain listener)
  frank: "800000000000000007", // no roles, in voice (a plain listener)
  djRole: "900000000000000100",
  adminRole: "900000000000000101",
} as const;

const MANAGE_GUILD = 1n << 5n;

export function guildSpec(): FakeGuildSpec {
  const user = (id: string, username: string) => ({ user: { id, username }, roles: [] as string[] });
  return {
    id: ids.guild,
    name: "Encore Test Server",
    ownerId: "800000000000000099",
    channels: [
      { id: ids.text, name: "music", type: 0 },
      { id: ids.voice, name: "Lounge", type: 2 },
      { id: ids.otherVoice, name: "Quiet Room", type: 2 },
    ],
    roles: [
      // @everyone: view, send, connect, speak, use application commands
      {
        id: ids.guild,
        name: "@everyone",
        permissions: String((1n << 10n) | (1n << 11n) | (1n << 20n) | (1n << 21n) | (1n << 31n)),
      },
      { id: ids.djRole, name: "DJ", permissions: "0" },
      { id: ids.adminRole, name: "Admin", permissions: String(MANAGE_GUILD) },
    ],
    members: [
      user(ids.alice, "alice"),
      user(ids.bob, "bob"),
      user(ids.carol, "carol"),
      { user: { id: ids.dj, username: "deejay" }, roles: [ids.djRole] },
      { user: { id: ids.admin, username: "admin" }, roles: [ids.adminRole] },
      user(ids.erin, "erin"),
      user(ids.frank, "frank"),
    ],
    voiceStates: [
      { userId: ids.alice, channelId: ids.voice },
      { userId: ids.carol, channelId: ids.otherVoice },
      { userId: ids.dj, channelId: ids.voice },
      { userId: ids.admin, channelId: ids.voice },
      { userId: ids.erin, channelId: ids.voice },
      { userId: ids.frank, channelId: ids.voice },
    ],
  };
}

const yt = (identifier: string, title: string, author: string, length: number): FakeTrackSpec => ({
  identifier,
  title,
  author,
  length,
  uri: `https://www.youtube.com/watch?v=${identifier}`,
  sourceName: "youtube",
});

export const catalog: FakeTrackSpec[] = [
  yt("dQw4w9WgXcQ", "Never Gonna Give You Up", "Rick Astley", 212_000),
  yt("kJQP7kiw5Fk", "Despacito", "Luis Fonsi", 282_000),
  yt("fJ9rUzIMcZQ", "Bohemian Rhapsody", "Queen", 355_000),
  yt("hTWKbfoikeg", "Smells Like Teen Spirit", "Nirvana", 301_000),
  yt("evrywn00001", "@everyone party anthem **loud**", "<@&900000000000000100> crew", 180_000),
  yt("lofi0000001", "Lofi Beats To Study To", "Lofi Girl", 0),
  {
    ...yt("scwave00001", "Ocean Waves", "Nature Sounds", 240_000),
    uri: "https://soundcloud.com/nature/ocean-waves",
    sourceName: "soundcloud",
  },
];

export const playlists: FakePlaylistSpec[] = [
  {
    url: "https://www.youtube.com/playlist?list=PLclassics",
    name: "Classics",
    trackIds: ["dQw4w9WgXcQ", "fJ9rUzIMcZQ", "hTWKbfoikeg"],
  },
];

/** The commands every build must have (issue 2's set). */
export const FOUNDATION_COMMANDS = [
  "play",
  "pause",
  "resume",
  "skip",
  "stop",
  "leave",
  "queue",
  "nowplaying",
  "volume",
  "seek",
  "ping",
  "help",
] as const;

/** A playlist of `n` distinct tracks (and the catalog entries it needs), as a long party mix would be. */
export function longPlaylist(n: number): { tracks: FakeTrackSpec[]; playlist: FakePlaylistSpec } {
  const tracks = Array.from({ length: n }, (_, i) =>
    yt(`mix${String(i).padStart(8, "0")}`, `Party Mix Track ${i + 1}`, `Artist ${(i % 7) + 1}`, 180_000 + i * 1000),
  );
  return {
    tracks,
    playlist: {
      url: "https://www.youtube.com/playlist?list=PLpartymix",
      name: "Party Mix",
      trackIds: tracks.map((t) => t.identifier),
    },
  };
}
