import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../src/commands/args.ts";
import type { OptionDef } from "../../../src/commands/types.ts";
import { type ParsedArgs, parsePrefixArgs, tokenize } from "../../../src/discord/prefix-parser.ts";
import { english, say } from "../../../src/i18n/translate.ts";

describe("tokenize", () => {
  it.each([
    ["a b  c", ["a", "b", "c"]],
    ['"hello world" next', ["hello world", "next"]],
    ["'single quoted' x", ["single quoted", "x"]],
    ["don't stop", ["don't", "stop"]],
    ['esc\\"aped', ['esc"aped']],
    ["", []],
  ])("%j → %j", (input, expected) => {
    expect(tokenize(input).map((t) => t.text)).toEqual(expected);
  });
});

describe("parseDuration", () => {
  it.each([
    ["90", 90_000],
    ["1:30", 90_000],
    ["1:02:03", 3_723_000],
    ["0:05", 5_000],
    ["2m", 120_000],
    ["1h2m3s", 3_723_000],
    ["1:75", null],
    ["abc", null],
    ["", null],
  ])("%j → %j", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });
});

const playOpts: OptionDef[] = [{ name: "query", description: "q", type: "string", required: true, rest: true }];
const seekOpts: OptionDef[] = [{ name: "time", description: "t", type: "duration", required: true, min: 0 }];
const volOpts: OptionDef[] = [{ name: "level", description: "l", type: "integer", min: 0, max: 150 }];
const loopOpts: OptionDef[] = [
  { name: "mode", description: "m", type: "string", required: true, choices: ["off", "track", "queue"] },
];

/** The problem of a refused parse, in English. */
const said = (parsed: ParsedArgs): string => (parsed.ok ? "(parsed)" : say(english, parsed.problem));

describe("parsePrefixArgs", () => {
  it("gives the rest of the message to a rest option, keeping inner spacing", () => {
    expect(parsePrefixArgs(playOpts, "never  gonna give")).toEqual({ ok: true, args: { query: "never  gonna give" } });
    expect(parsePrefixArgs(playOpts, '"quoted song"')).toEqual({ ok: true, args: { query: "quoted song" } });
  });
  it("coerces durations and bounded integers", () => {
    expect(parsePrefixArgs(seekOpts, "1:30")).toEqual({ ok: true, args: { time: 90_000 } });
    expect(parsePrefixArgs(volOpts, "80")).toEqual({ ok: true, args: { level: 80 } });
    expect(parsePrefixArgs(volOpts, "")).toEqual({ ok: true, args: {} });
  });
  it.each([
    [seekOpts, "", "Missing time"],
    [seekOpts, "soon", "time must be a time like 90, 1:30 or 1:02:03"],
    [volOpts, "200", "level must be at most 150"],
    [volOpts, "-1", "level must be at least 0"],
    [volOpts, "1.5", "level must be a whole number"],
    [volOpts, "loud", "level must be a number"],
    [volOpts, "10 20", "Too many arguments"],
    [loopOpts, "sometimes", "mode must be one of: off, track, queue"],
  ])("refuses bad input (%#)", (opts, input, problem) => {
    expect(said(parsePrefixArgs(opts, input))).toBe(problem);
  });
  it("matches choices case-insensitively to the canonical value", () => {
    expect(parsePrefixArgs(loopOpts, "TRACK")).toEqual({ ok: true, args: { mode: "track" } });
  });
});

describe("--flags and member options", () => {
  const playWithShuffle: OptionDef[] = [
    { name: "query", description: "q", type: "string", required: true, rest: true },
    { name: "shuffle", description: "s", type: "boolean", flag: true },
  ];
  it.each([
    ["lofi beats --shuffle", { query: "lofi beats", shuffle: true }],
    ["--shuffle lofi beats", { query: "lofi beats", shuffle: true }],
    ["lofi --SHUFFLE beats", { query: "lofi  beats", shuffle: true }],
    ["lofi beats", { query: "lofi beats" }],
    ["lofi--shuffle", { query: "lofi--shuffle" }],
  ])("%j", (input, expected) => {
    expect(parsePrefixArgs(playWithShuffle, input)).toEqual({ ok: true, args: expected });
  });

  const member: OptionDef[] = [{ name: "member", description: "m", type: "user", required: true }];
  it.each([
    ["<@800000000000000001>", "800000000000000001"],
    ["<@!800000000000000001>", "800000000000000001"],
    ["800000000000000001", "800000000000000001"],
  ])("member %j", (input, id) => {
    expect(parsePrefixArgs(member, input)).toEqual({ ok: true, args: { member: id } });
  });
  it("refuses a member that is not a mention or an id", () => {
    expect(said(parsePrefixArgs(member, "@bob"))).toBe("member must be a member: mention them or give their id");
  });
});
