import { describe, expect, it } from "vitest";
import { usage } from "../../../src/commands/args.ts";
import { defineCommand } from "../../../src/commands/define.ts";
import { commandManifest } from "../../../src/commands/manifest.ts";
import { CommandRegistry } from "../../../src/commands/registry.ts";
import type { CommandHandler } from "../../../src/commands/types.ts";
import { slashJson } from "../../../src/discord/slash-json.ts";
import { FOUNDATION_COMMANDS } from "../../helpers/fixtures.ts";

describe("command manifest", () => {
  const defs = commandManifest();

  it("has unique names and aliases that Discord accepts", () => {
    const registry = new CommandRegistry(defs);
    for (const def of defs) {
      expect(def.name).toMatch(/^[a-z0-9-]{1,32}$/);
      expect(registry.find(def.name)).toBe(def);
      for (const alias of def.aliases) expect(registry.find(alias)).toBe(def);
    }
  });

  it("serialises every definition to slash JSON with required options first", () => {
    for (const def of defs) {
      const json = slashJson(def);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(json.description.length).toBeLessThanOrEqual(100);
      const required = (json.options ?? []).map((o) => ("required" in o ? Boolean(o.required) : false));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of json.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it("loads every handler module with a run function", async () => {
    const registry = new CommandRegistry(defs);
    for (const def of defs) {
      const handler = await registry.handler(def);
      expect(typeof handler.run).toBe("function");
    }
    expect(registry.loaded().sort()).toEqual(defs.map((d) => d.name).sort());
  });

  it("includes the foundation commands", () => {
    const names = defs.map((d) => d.name);
    for (const n of FOUNDATION_COMMANDS) expect(names).toContain(n);
  });

  it("settings and playlist are slash subcommands, each with its own required options", () => {
    const json = (name: string) => {
      const def = defs.find((d) => d.name === name);
      if (!def) throw new Error(name);
      return slashJson(def).options as { type: number; name: string; options: { name: string; required: boolean }[] }[];
    };
    const shape = (name: string) =>
      Object.fromEntries(
        json(name).map((s) => [
          `${s.type}:${s.name}`,
          s.options.map((o) => `${o.name}${o.required ? "" : "?"}`).join(" "),
        ]),
      );
    expect(shape("settings")).toEqual({ "1:show": "", "1:set": "key value", "1:reset": "key" });
    expect(shape("playlist")).toEqual({
      "1:create": "name",
      "1:add": "name what?",
      "1:remove": "name positions",
      "1:show": "name page?",
      "1:list": "",
      "1:load": "name",
      "1:delete": "name",
      "1:rename": "name new_name",
    });
    const playlist = defs.find((d) => d.name === "playlist");
    expect(playlist && usage(playlist, "!")).toBe("!playlist <create|add|remove|show|list|load|delete|rename>");
    const add = playlist?.subcommands?.find((s) => s.name === "add");
    expect(playlist && usage(playlist, "/", add)).toBe("/playlist add <name> [what]");
  });

  it("builds usage lines from the options", () => {
    const seek = defs.find((d) => d.name === "seek");
    expect(seek && usage(seek, "!")).toBe("!seek <time>");
    const volume = defs.find((d) => d.name === "volume");
    expect(volume && usage(volume, "!")).toBe("!volume [level]");
  });
});

describe("CommandRegistry lazy loading", () => {
  it("imports a handler only on first use, once, and retries a failed import", async () => {
    let loads = 0;
    let fail = true;
    const handler: CommandHandler = { run: async () => {} };
    const def = defineCommand({
      name: "probe",
      description: "d",
      category: "info",
      load: async () => {
        loads++;
        if (fail) throw new Error("boom");
        return handler;
      },
    });
    const registry = new CommandRegistry([def]);
    expect(loads).toBe(0);
    await expect(registry.handler(def)).rejects.toThrow("boom");
    fail = false;
    expect(await registry.handler(def)).toBe(handler);
    expect(await registry.handler(def)).toBe(handler);
    expect(loads).toBe(2);
    expect(registry.loaded()).toEqual(["probe"]);
  });

  it("refuses duplicate names or aliases", () => {
    const a = defineCommand({
      name: "a",
      aliases: ["x"],
      description: "d",
      category: "info",
      load: async () => ({ run: async () => {} }),
    });
    const b = defineCommand({
      name: "b",
      aliases: ["x"],
      description: "d",
      category: "info",
      load: async () => ({ run: async () => {} }),
    });
    expect(() => new CommandRegistry([a, b])).toThrow(/"x" is used twice/);
  });

  it("refuses a required option after an optional one", () => {
    expect(() =>
      defineCommand({
        name: "bad",
        description: "d",
        category: "info",
        options: [
          { name: "a", description: "a", type: "string" },
          { name: "b", description: "b", type: "string", required: true },
        ],
        load: async () => ({ run: async () => {} }),
      }),
    ).toThrow(/after an optional/);
  });
});
