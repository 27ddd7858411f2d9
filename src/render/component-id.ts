import type { Args } from "../commands/types.ts";

/** Button and select-menu custom ids that run commands: `cmd:<name>[:<json args>]` (at most 100 characters). */
export const componentId = (name: string, args?: Args): string => {
  const id = args ? `cmd:${name}:${JSON.stringify(args)}` : `cmd:${name}`;
  if (id.length > 100) throw new Error(`custom id for ${name} is longer than 100 characters`);
  return id;
};

/** The command name and JSON args of a `cmd:` custom id, or null when it is not one. */
export function parseComponentId(customId: string): { name: string; args: Record<string, unknown> } | null {
  const m = customId.match(/^cmd:([\w-]+)(?::(.*))?$/);
  if (!m?.[1]) return null;
  if (!m[2]) return { name: m[1], args: {} };
  try {
    const args: unknown = JSON.parse(m[2]);
    return args && typeof args === "object" && !Array.isArray(args)
      ? { name: m[1], args: args as Record<string, unknown> }
      : null;
  } catch {
    return null;
  }
}
