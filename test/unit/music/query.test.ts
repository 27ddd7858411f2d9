import { describe, expect, it } from "vitest";
import { parseQuery } from "../../../src/music/query.ts";

describe("parseQuery reads prefixes the way lavalink-client does", () => {
  it.each([
    ["plain words", { kind: "search", source: null, text: "plain words" }],
    ["sc: lofi beats", { kind: "search", source: "scsearch", text: "lofi beats" }],
    ["ytm:song", { kind: "search", source: "ytmsearch", text: "song" }],
    ["YTSEARCH:abc", { kind: "search", source: "ytsearch", text: "abc" }],
    ["youtube music:abc", { kind: "search", source: "ytmsearch", text: "abc" }],
    ["speak:hello", { kind: "search", source: "speak", text: "hello" }],
    ["amsearch:x", { kind: "search", source: "amsearch", text: "x" }],
    ["tts:x", { kind: "search", source: "tts", text: "x" }],
    ["Queen: Bohemian Rhapsody", { kind: "search", source: null, text: "Queen: Bohemian Rhapsody" }],
    ["https://x.y/z", { kind: "link", text: "https://x.y/z" }],
    [
      "uri:http://169.254.169.254/latest/meta-data/",
      { kind: "link", text: "http://169.254.169.254/latest/meta-data/" },
    ],
    ["link:http://127.0.0.1/", { kind: "link", text: "http://127.0.0.1/" }],
    ["LINK:http://[::1]:2333/v4/info", { kind: "link", text: "http://[::1]:2333/v4/info" }],
    ["Uri: http://10.0.0.1/", { kind: "link", text: "http://10.0.0.1/" }],
    ["link:/etc/passwd", { kind: "link", text: "/etc/passwd" }],
    ["sc:https://127.0.0.1/a", { kind: "link", text: "https://127.0.0.1/a" }],
    ["spotify:http://10.0.0.1/", { kind: "link", text: "http://10.0.0.1/" }],
    ["ftp://10.0.0.1/a.mp3", { kind: "link", text: "ftp://10.0.0.1/a.mp3" }],
  ])("%j", (q, expected) => expect(parseQuery(q)).toEqual(expected));

  it.each(["local:/etc/passwd", "LOCAL:/etc/passwd", "Local: C:\\Windows\\win.ini"])("refuses %j", (q) => {
    expect(parseQuery(q).kind).toBe("refused");
  });
});
