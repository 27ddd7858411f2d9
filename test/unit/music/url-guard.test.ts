import { describe, expect, it } from "vitest";
import { splitSourcePrefix } from "../../../src/music/search.ts";
import { refuseInternalUrl } from "../../../src/music/url-guard.ts";

describe("refuseInternalUrl", () => {
  it.each([
    "http://127.0.0.1/x.mp3",
    "http://localhost:8080/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/",
    "http://[::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "ftp://example.com/a.mp3",
    "file:///etc/passwd",
  ])("refuses %s", (url) => expect(refuseInternalUrl(url)).not.toBeNull());

  it.each(["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://soundcloud.com/a/b", "http://93.184.216.34/a.mp3"])(
    "accepts %s",
    (url) => expect(refuseInternalUrl(url)).toBeNull(),
  );
});

describe("splitSourcePrefix", () => {
  it.each([
    ["sc: lofi beats", "scsearch", "lofi beats"],
    ["ytm:song", "ytmsearch", "song"],
    ["ytsearch:abc", "ytsearch", "abc"],
    ["plain words", null, "plain words"],
    ["https://x.y/z", null, "https://x.y/z"],
  ])("%j", (q, source, text) => expect(splitSourcePrefix(q)).toEqual({ source, text }));
});
