/** The filters a Lavalink v4 node reports in `/v4/info` (and the fake accepts). */
export const FILTERS = [
  "volume",
  "equalizer",
  "karaoke",
  "timescale",
  "tremolo",
  "vibrato",
  "distortion",
  "rotation",
  "channelMix",
  "lowPass",
];
