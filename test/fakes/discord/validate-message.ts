import { Errors, type FieldError, invalidFormBody } from "./errors.ts";
import type { Json } from "./types.ts";

const IS_COMPONENTS_V2 = 1 << 15;

function maxLength(problems: FieldError[], path: (string | number)[], value: unknown, max: number): void {
  if (typeof value === "string" && value.length > max) {
    problems.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` });
  }
}

function checkEmbeds(problems: FieldError[], embeds: Json[]): void {
  if (embeds.length > 10) {
    problems.push({ path: ["embeds"], code: "BASE_TYPE_MAX_LENGTH", message: "Must be 10 or fewer in length." });
  }
  let total = 0;
  embeds.forEach((e: Json, i) => {
    const at = (...rest: (string | number)[]) => ["embeds", i, ...rest];
    maxLength(problems, at("title"), e?.title, 256);
    maxLength(problems, at("description"), e?.description, 4096);
    maxLength(problems, at("footer", "text"), e?.footer?.text, 2048);
    maxLength(problems, at("author", "name"), e?.author?.name, 256);
    const fields: Json[] = Array.isArray(e?.fields) ? e.fields : [];
    if (fields.length > 25) {
      problems.push({ path: at("fields"), code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." });
    }
    fields.forEach((f, j) => {
      maxLength(problems, at("fields", j, "name"), f?.name, 256);
      maxLength(problems, at("fields", j, "value"), f?.value, 1024);
      for (const key of ["name", "value"]) {
        if (typeof f?.[key] !== "string" || f[key].length === 0) {
          problems.push({ path: at("fields", j, key), code: "BASE_TYPE_REQUIRED", message: "This field is required" });
        }
      }
      total += String(f?.name ?? "").length + String(f?.value ?? "").length;
    });
    for (const text of [e?.title, e?.description, e?.footer?.text, e?.author?.name]) total += String(text ?? "").length;
  });
  if (total > 6000) {
    problems.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: "Embed size exceeds maximum size of 6000",
    });
  }
}

function checkInteractive(problems: FieldError[], c: Json, path: (string | number)[], ids: Set<string>): void {
  const isLinkButton = c?.type === 2 && (c.style === 5 || c.style === 6);
  if (!isLinkButton) {
    if (typeof c?.custom_id !== "string" || c.custom_id.length === 0) {
      problems.push({ path: [...path, "custom_id"], code: "BASE_TYPE_REQUIRED", message: "This field is required" });
    } else if (ids.has(c.custom_id)) {
      problems.push({
        path: [...path, "custom_id"],
        code: "COMPONENT_CUSTOM_ID_DUPLICATED",
        message: "Component custom id cannot be duplicated",
      });
    } else {
      ids.add(c.custom_id);
    }
    maxLength(problems, [...path, "custom_id"], c?.custom_id, 100);
  }
  if (c?.type === 2) maxLength(problems, [...path, "label"], c.label, 80);
  if (c?.type === 3) {
    const options: Json[] = Array.isArray(c.options) ? c.options : [];
    if (options.length === 0 || options.length > 25) {
      problems.push({
        path: [...path, "options"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 25 in length.",
      });
    }
    maxLength(problems, [...path, "placeholder"], c.placeholder, 150);
  }
}

function checkComponents(problems: FieldError[], components: Json[], flags: number): void {
  const ids = new Set<string>();
  if ((flags & IS_COMPONENTS_V2) !== 0) return;
  if (components.length > 5) {
    problems.push({ path: ["components"], code: "BASE_TYPE_MAX_LENGTH", message: "Must be 5 or fewer in length." });
  }
  components.forEach((row: Json, i) => {
    if (row?.type !== 1) {
      problems.push({
        path: ["components", i, "type"],
        code: "UNION_TYPE_CHOICES",
        message: 'Value of field "type" must be one of (1,).',
      });
      return;
    }
    const children: Json[] = Array.isArray(row.components) ? row.components : [];
    if (children.length === 0 || children.length > 5) {
      problems.push({
        path: ["components", i, "components"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 5 in length.",
      });
    }
    const selects = children.filter((c) => c?.type !== 2).length;
    if (selects > 0 && children.length > 1) {
      problems.push({
        path: ["components", i, "components"],
        code: "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        message: "The specified component exceeds the maximum width",
      });
    }
    children.forEach((c, j) => {
      checkInteractive(problems, c, ["components", i, "components", j], ids);
    });
  });
}

function checkAllowedMentions(problems: FieldError[], am: Json): void {
  if (am === undefined || am === null) return;
  const parse: unknown[] = Array.isArray(am.parse) ? am.parse : [];
  for (const kind of ["users", "roles"]) {
    if (parse.includes(kind) && Array.isArray(am[kind]) && am[kind].length > 0) {
      problems.push({
        path: ["allowed_mentions"],
        code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
  }
}

export function hasVisibleContent(m: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
}): boolean {
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
  return (
    (typeof m.content === "string" && m.content.trim().length > 0) ||
    nonEmpty(m.embeds) ||
    nonEmpty(m.components) ||
    nonEmpty(m.attachments)
  );
}

/**
 * Validates a message create/edit body with Discord's limits (content 2000, 10 embeds / 6000 characters, 5 action rows
 * of at most 5 buttons or 1 select, unique custom ids). `requireContent` rejects an empty create with 50006.
 */
export function validateMessageBody(body: Json, opts: { requireContent: boolean; fileCount: number }): void {
  const b = body ?? {};
  const problems: FieldError[] = [];
  if (b.content !== undefined && b.content !== null && typeof b.content !== "string") {
    problems.push({ path: ["content"], code: "BASE_TYPE_STRING", message: "Must be a string." });
  }
  maxLength(problems, ["content"], b.content, 2000);
  const flags = Number(b.flags ?? 0);
  if (Array.isArray(b.embeds)) checkEmbeds(problems, b.embeds);
  if (Array.isArray(b.components)) checkComponents(problems, b.components, flags);
  if (
    (flags & IS_COMPONENTS_V2) !== 0 &&
    ((b.content ?? "") !== "" || (Array.isArray(b.embeds) && b.embeds.length > 0))
  ) {
    problems.push({
      path: ["content"],
      code: "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
      message: "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    });
  }
  checkAllowedMentions(problems, b.allowed_mentions);
  if (problems.length > 0) throw invalidFormBody(problems);
  const sticker = Array.isArray(b.sticker_ids) && b.sticker_ids.length > 0;
  if (opts.requireContent && !sticker && !b.poll && opts.fileCount === 0 && !hasVisibleContent(b)) {
    throw Errors.emptyMessage();
  }
}
