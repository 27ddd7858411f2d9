import { describe, expect, it } from "vitest";
import { attachmentReader } from "../../../src/discord/attachments.ts";

const ref = (url: string, size = 10) => ({ id: "1", name: "q.json", url, size, contentType: "application/json" });

describe("attachment reader", () => {
  const read = attachmentReader({ apiBase: "http://127.0.0.1:1/api" });

  it.each([
    "http://169.254.169.254/latest/meta-data/q.json",
    "https://cdn.discordapp.com.evil.example/attachments/1/2/q.json",
    "http://cdn.discordapp.com/attachments/1/2/q.json",
    "http://127.0.0.1:2/attachments/1/2/q.json",
    "file:///etc/passwd",
    "not a url",
  ])("refuses %s before any request", async (url) => {
    await expect(read(ref(url), 1000)).rejects.toMatchObject({ code: "BAD_FILE" });
  });

  it("refuses a file whose reported size is over the limit before downloading", async () => {
    await expect(read(ref("https://cdn.discordapp.com/attachments/1/2/q.json", 2000), 1000)).rejects.toMatchObject({
      code: "FILE_TOO_LARGE",
    });
  });
});
