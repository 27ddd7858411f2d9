import { UserError } from "../core/errors.ts";
import { deCommands } from "./commands/de.ts";
import type { CommandLocalizations } from "./commands/types.ts";
import { de } from "./de/index.ts";
import { en } from "./en/index.ts";
import type { ParamsOfMessage, ParamValue, Translation } from "./types.ts";

/** The English catalogue, source of every key and parameter. */
export type Catalogue = typeof en;
export type MessageKey = keyof Catalogue;
export type ParamsOf<K extends MessageKey> = ParamsOfMessage<Catalogue[K]>;
/** The arguments after the key: nothing for a message without parameters, else its parameters. */
export type ParamsArg<K extends MessageKey> = ParamsOf<K> extends undefined ? [] : [params: ParamsOf<K>];

/** Looks up a message in one language and fills in its parameters. */
export type Translate = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

/** The languages Encore speaks: code → native name and messages. */
export const LANGUAGES = {
  en: { name: "English", english: "english", messages: en as Translation<Catalogue>, discordLocales: [], commands: {} },
  de: { name: "Deutsch", english: "german", messages: de, discordLocales: ["de"], commands: deCommands },
} as const satisfies Record<
  string,
  {
    name: string;
    english: string;
    messages: Translation<Catalogue>;
    /** Discord locales the slash commands are localized for in this language (English is Discord's default). */
    discordLocales: readonly string[];
    commands: CommandLocalizations;
  }
>;

export type Language = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.freeze(Object.keys(LANGUAGES) as Language[]);

export function isLanguage(code: unknown): code is Language {
  return typeof code === "string" && Object.hasOwn(LANGUAGES, code);
}

/** Fills `{name}` placeholders (a nested message in the same language); one without a value stays as written. */
function fill(lang: Language, text: string, params: Readonly<Record<string, ParamValue>> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === "object" && value !== null ? render(lang, value.key, value.params) : String(value);
  });
}

/** Renders one message of a language; a key the language lacks (never with a typed catalogue) falls back to English. */
export function render(lang: Language, key: string, params?: unknown): string {
  const messages = LANGUAGES[lang].messages as Readonly<Record<string, unknown>>;
  const message = messages[key] ?? (en as Readonly<Record<string, unknown>>)[key];
  if (typeof message === "function") return (message as (p: unknown) => string)(params ?? {});
  if (typeof message === "string") return fill(lang, message, params as Record<string, ParamValue> | undefined);
  return key;
}

/** The `t` of one language. */
export function translator(lang: Language): Translate {
  return ((key: string, params?: unknown) => render(lang, key, params)) as Translate;
}

/** The English `t`: for logs, tests and anything said before a guild is known. */
export const english: Translate = translator("en");

/** A message to be said later in the listener's language: a key and its parameters. */
export interface LocalText {
  readonly key: MessageKey;
  readonly params?: unknown;
}

export function text<K extends MessageKey>(key: K, ...params: ParamsArg<K>): LocalText {
  return { key, params: params[0] };
}

/** Says a LocalText in a language. */
export function say(t: Translate, local: LocalText): string {
  return (t as (key: string, params?: unknown) => string)(local.key, local.params);
}

/**
 * A refusal from the catalogue: its `message` is the English text (logs, tests), `local` says it in the guild's
 * language when it is answered. `throw userError("NO_PLAYER", "refusal.noPlayer")`.
 */
export function userError<K extends MessageKey>(code: string, key: K, ...params: ParamsArg<K>): UserError {
  return localError(code, { key, params: params[0] });
}

/** userError from a LocalText, with a `cause` kept for logs. */
export function localError(code: string, local: LocalText, options?: { cause?: unknown }): UserError {
  return new UserError(code, render("en", local.key, local.params), { ...options, local });
}

/** What a member is told for a refusal: its catalogue text in their language, else its message as written. */
export function sayError(t: Translate, err: UserError): string {
  return err.local ? (t as (key: string, params?: unknown) => string)(err.local.key, err.local.params) : err.message;
}

/**
 * The language a guild is answered in: its own setting; else the server's Discord language when Encore speaks it
 * (community servers choose one; "en-US" is every other server's default, so it says nothing and is skipped);
 * else the operator's DEFAULT_LANGUAGE.
 */
export function pickLanguage(setting: Language | null, discordLocale: string | null | undefined, fallback: Language) {
  if (setting) return setting;
  const fromDiscord = discordLocale && discordLocale !== "en-US" ? languageOfLocale(discordLocale) : null;
  return fromDiscord ?? fallback;
}

/** "de" for Discord's "de", "en" for "en-GB"/"en-US"; null for a language Encore does not speak. */
export function languageOfLocale(locale: string): Language | null {
  const base = locale.toLowerCase().split("-")[0];
  return isLanguage(base) ? base : null;
}
