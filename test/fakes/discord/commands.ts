import { Errors, type FieldError, invalidFormBody } from "./errors.ts";
import type { SnowflakeGenerator } from "./snowflake.ts";
import type { CommandJson, Json } from "./types.ts";

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
type Path = (string | number)[];

function checkName(problems: FieldError[], path: Path, name: unknown, strict: boolean): void {
  const ok =
    typeof name === "string" &&
    (strict ? NAME.test(name) && name === name.toLowerCase() : name.length >= 1 && name.length <= 32);
  if (!ok)
    problems.push({
      path: [...path, "name"],
      code: "APPLICATION_COMMAND_INVALID_NAME",
      message: "Command name is invalid",
    });
}

function checkDescription(problems: FieldError[], path: Path, description: unknown): void {
  if (typeof description !== "string" || description.length < 1 || description.length > 100) {
    problems.push({
      path: [...path, "description"],
      code: "BASE_TYPE_BAD_LENGTH",
      message: "Must be between 1 and 100 in length.",
    });
  }
}

/** Discord's locales (a localization keyed by anything else is refused). */
const LOCALES = new Set(
  "id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko".split(
    " ",
  ),
);

/** name_localizations follow the name rules, description_localizations the description rules. */
function checkLocalizations(problems: FieldError[], path: Path, o: Json, strictNames: boolean): void {
  for (const field of ["name_localizations", "description_localizations"] as const) {
    const dict = o?.[field];
    if (dict === undefined || dict === null) continue;
    for (const [locale, value] of Object.entries(dict as Record<string, unknown>)) {
      if (!LOCALES.has(locale)) {
        problems.push({ path: [...path, field, locale], code: "INVALID_LOCALE", message: "Invalid locale" });
      } else if (field === "name_localizations") {
        checkName(problems, [...path, field, locale], value, strictNames);
      } else {
        checkDescription(problems, [...path, field, locale], value);
      }
    }
  }
}

function checkOptions(problems: FieldError[], path: Path, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options) || options.length > 25) {
    problems.push({
      path: [...path, "options"],
      code: "BASE_TYPE_MAX_LENGTH",
      message: "Must be 25 or fewer in length.",
    });
    return;
  }
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((o: Json, i) => {
    const at: Path = [...path, "options", i];
    checkName(problems, at, o?.name, true);
    checkDescription(problems, at, o?.description);
    checkLocalizations(problems, at, o, true);
    if (names.has(o?.name)) {
      problems.push({
        path: at,
        code: "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
        message: "Option names must be unique",
      });
    }
    names.add(o?.name);
    const type = Number(o?.type);
    if (!(type >= 1 && type <= 11)) {
      problems.push({ path: [...at, "type"], code: "BASE_TYPE_CHOICES", message: "Value must be one of {1..11}." });
    }
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) {
        problems.push({
          path: at,
          code: "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
          message: "Sub-command nesting is too deep",
        });
      }
      checkOptions(problems, at, o.options, depth + 1);
      return;
    }
    if (o?.required === true && sawOptional) {
      problems.push({
        path: at,
        code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        message: "Required options must be placed before non-required options",
      });
    }
    if (o?.required !== true) sawOptional = true;
    const choices = o?.choices;
    if (Array.isArray(choices) && choices.length > 25) {
      problems.push({
        path: [...at, "choices"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 25 or fewer in length.",
      });
    }
    if (o?.autocomplete === true && Array.isArray(choices) && choices.length > 0) {
      problems.push({
        path: [...at, "autocomplete"],
        code: "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES",
        message: "Autocomplete cannot be enabled on options with choices",
      });
    }
  });
}

export function validateCommand(problems: FieldError[], path: Path, cmd: Json): void {
  if (typeof cmd !== "object" || cmd === null) {
    problems.push({ path, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" });
    return;
  }
  const type = Number(cmd.type ?? 1);
  checkName(problems, path, cmd.name, type === 1);
  if (type === 1) checkDescription(problems, path, cmd.description);
  checkLocalizations(problems, path, cmd, type === 1);
  const dmp = cmd.default_member_permissions;
  if (dmp !== undefined && dmp !== null && (typeof dmp !== "string" || !/^\d+$/.test(dmp))) {
    problems.push({
      path: [...path, "default_member_permissions"],
      code: "BASE_TYPE_BAD_INT",
      message: "Value is not a valid bitfield.",
    });
  }
  checkOptions(problems, path, cmd.options, 0);
}

function normalizeOptions(options: Json): Json {
  if (!Array.isArray(options)) return undefined;
  return options.map((o: Json) => {
    const { required, options: nested, ...rest } = o;
    return {
      ...rest,
      ...(required === true ? { required: true } : {}),
      ...(Array.isArray(nested) ? { options: normalizeOptions(nested) } : {}),
    };
  });
}

/** The definition part of a command as Discord stores it (no id/version), used to decide whether a version bumps. */
function definition(cmd: Json, guildId: string | undefined): Json {
  const type = Number(cmd.type ?? 1);
  const options = normalizeOptions(cmd.options);
  return {
    type,
    name: cmd.name,
    ...(cmd.name_localizations ? { name_localizations: cmd.name_localizations } : {}),
    description: type === 1 ? cmd.description : "",
    ...(cmd.description_localizations ? { description_localizations: cmd.description_localizations } : {}),
    ...(options && options.length > 0 ? { options } : {}),
    default_member_permissions: cmd.default_member_permissions ?? null,
    ...(guildId ? { guild_id: guildId } : { dm_permission: cmd.dm_permission ?? true }),
    nsfw: cmd.nsfw ?? false,
    contexts: cmd.contexts ?? null,
    integration_types: cmd.integration_types ?? [0],
  };
}

/**
 * Application commands per scope (global, or one guild). Bulk overwrite keeps a command's id when its name and type
 * survive, and bumps `version` only when its definition changed, as Discord does. GET returns Discord's normalised
 * form (defaults filled in, `required: false` dropped), so a naive deep-equal diff would see spurious changes.
 */
export class CommandStore {
  /** Number of bulk overwrites (PUTs) received, all scopes. */
  puts = 0;
  readonly #scopes = new Map<string, Json[]>();
  readonly #ids: SnowflakeGenerator;
  readonly #appId: string;

  constructor(appId: string, ids: SnowflakeGenerator) {
    this.#appId = appId;
    this.#ids = ids;
  }

  list(guildId?: string): Json[] {
    return this.#scopes.get(guildId ?? "global") ?? [];
  }

  find(name: string, guildId: string): Json | undefined {
    return (
      this.list(guildId).find((c) => c.name === name && c.type === 1) ??
      this.list().find((c) => c.name === name && c.type === 1)
    );
  }

  /** Seeds commands without counting a PUT (what Discord already had before the bot started). */
  seed(commands: CommandJson[], guildId?: string): void {
    this.#scopes.set(
      guildId ?? "global",
      commands.map((c) => this.#store(c, undefined, guildId)),
    );
  }

  bulkOverwrite(body: Json, guildId?: string): Json[] {
    if (!Array.isArray(body))
      throw invalidFormBody([{ path: [], code: "BASE_TYPE_ARRAY", message: "Must be an array." }]);
    const problems: FieldError[] = [];
    body.forEach((cmd, i) => {
      validateCommand(problems, [i], cmd);
    });
    const keys = body.map((c: Json) => `${Number(c?.type ?? 1)}:${c?.name}`);
    if (new Set(keys).size !== keys.length) {
      problems.push({
        path: [],
        code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
        message: "Application command names must be unique",
      });
    }
    if (body.filter((c: Json) => Number(c?.type ?? 1) === 1).length > 100) {
      problems.push({ path: [], code: "BASE_TYPE_MAX_LENGTH", message: "Must be 100 or fewer in length." });
    }
    if (problems.length > 0) throw invalidFormBody(problems);
    this.puts += 1;
    const current = this.list(guildId);
    const next = body.map((cmd: Json) =>
      this.#store(
        cmd,
        current.find((c) => c.name === cmd.name && c.type === Number(cmd.type ?? 1)),
        guildId,
      ),
    );
    this.#scopes.set(guildId ?? "global", next);
    return next;
  }

  upsert(body: Json, guildId?: string): { command: Json; created: boolean } {
    const problems: FieldError[] = [];
    validateCommand(problems, [], body);
    if (problems.length > 0) throw invalidFormBody(problems);
    const current = this.list(guildId);
    const existing = current.find((c) => c.name === body.name && c.type === Number(body.type ?? 1));
    const command = this.#store(body, existing, guildId);
    this.#scopes.set(
      guildId ?? "global",
      existing ? current.map((c) => (c === existing ? command : c)) : [...current, command],
    );
    return { command, created: !existing };
  }

  get(id: string, guildId?: string): Json {
    const found = this.list(guildId).find((c) => c.id === id);
    if (!found) throw Errors.unknownCommand();
    return found;
  }

  edit(id: string, patch: Json, guildId?: string): Json {
    const existing = this.get(id, guildId);
    const { id: _id, application_id: _app, version: _version, ...base } = existing;
    return this.upsert({ ...base, ...patch, name: patch?.name ?? existing.name }, guildId).command;
  }

  remove(id: string, guildId?: string): void {
    this.get(id, guildId);
    this.#scopes.set(
      guildId ?? "global",
      this.list(guildId).filter((c) => c.id !== id),
    );
  }

  #store(cmd: Json, existing: Json | undefined, guildId: string | undefined): Json {
    const def = definition(cmd, guildId);
    const unchanged = existing !== undefined && JSON.stringify(definition(existing, guildId)) === JSON.stringify(def);
    return {
      id: existing?.id ?? this.#ids.next(),
      application_id: this.#appId,
      version: unchanged ? existing.version : this.#ids.next(),
      ...def,
    };
  }
}
