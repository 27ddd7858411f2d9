import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { inviteUrl } from "../../../src/discord/invite.ts";

describe("inviteUrl", () => {
  it("asks for the bot and slash command scopes and the permissions the README lists", () => {
    const url = new URL(inviteUrl("123456789012345678"));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe("123456789012345678");
    expect(url.searchParams.get("scope")?.split(" ")).toEqual(["bot", "applications.commands"]);
    // View Channels, Send Messages, Embed Links, Read Message History, Connect, Speak.
    expect(url.searchParams.get("permissions")).toBe(String(1024 + 2048 + 16384 + 65536 + 1048576 + 2097152));
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`permissions=${url.searchParams.get("permissions")}`);
    expect(readme).toContain("scope=bot+applications.commands");
  });
});
