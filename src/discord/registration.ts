import { type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody, Routes } from "discord.js";
import type { Logger } from "../core/logger.ts";

/** A localization dictionary with its keys in order; null when empty or absent (Discord stores either). */
function dictionary(value: unknown): [string, unknown][] | null {
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0 ? entries : null;
}

function canonicalOptions(options: unknown): unknown[] {
  return (Array.isArray(options) ? options : []).map((o: Record<string, unknown>) => ({
    type: o.type,
    name: o.name,
    name_localizations: dictionary(o.name_localizations),
    description: o.description,
    description_localizations: dictionary(o.description_localizations),
    required: o.required ?? false,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
    autocomplete: o.autocomplete ?? false,
    choices: Array.isArray(o.choices)
      ? o.choices.map((c: { name: string; name_localizations?: unknown; value: unknown }) => [
          c.name,
          dictionary(c.name_localizations),
          c.value,
        ])
      : null,
    options: canonicalOptions(o.options),
  }));
}

/** The fields Discord keeps for a command, with its defaults filled in, so stored and wanted compare equal. */
function canonical(cmd: Record<string, unknown>): unknown {
  return {
    type: cmd.type ?? 1,
    name: cmd.name,
    name_localizations: dictionary(cmd.name_localizations),
    description: cmd.description,
    description_localizations: dictionary(cmd.description_localizations),
    contexts: Array.isArray(cmd.contexts) ? [...cmd.contexts].sort() : null,
    options: canonicalOptions(cmd.options),
  };
}

const fingerprint = (cmds: readonly Record<string, unknown>[]) =>
  JSON.stringify(
    [...cmds]
      .map(canonical)
      .sort((a, b) => String((a as { name: string }).name).localeCompare((b as { name: string }).name)),
  );

export interface RegistrationResult {
  readonly scope: "global" | "guild";
  readonly written: boolean;
  readonly count: number;
}

/**
 * Makes Discord's slash commands match the definitions: reads what is registered (globally, or for one guild
 * during development) and overwrites only when something differs.
 */
export async function syncSlashCommands(
  rest: REST,
  applicationId: string,
  wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  opts: { guildId?: string; logger: Logger },
): Promise<RegistrationResult> {
  const route = opts.guildId
    ? Routes.applicationGuildCommands(applicationId, opts.guildId)
    : Routes.applicationCommands(applicationId);
  const scope = opts.guildId ? "guild" : "global";
  // Without with_localizations Discord leaves the localization dictionaries out, and every start would rewrite.
  const existing = (await rest.get(route, {
    query: new URLSearchParams({ with_localizations: "true" }),
  })) as Record<string, unknown>[];
  if (fingerprint(existing) === fingerprint(wanted as unknown as Record<string, unknown>[])) {
    opts.logger.info({ scope, count: wanted.length }, "slash commands already up to date");
    return { scope, written: false, count: wanted.length };
  }
  await rest.put(route, { body: wanted });
  opts.logger.info({ scope, count: wanted.length }, "slash commands registered");
  return { scope, written: true, count: wanted.length };
}
