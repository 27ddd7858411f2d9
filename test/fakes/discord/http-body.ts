import type { IncomingMessage } from "node:http";
import { Errors } from "./errors.ts";
import type { Json, RecordedFile } from "./types.ts";

export interface ParsedBody {
  body: Json;
  files: RecordedFile[];
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads a request body the way Discord accepts it: JSON, or multipart/form-data whose `payload_json` field carries the
 * JSON and whose `files[n]` fields carry attachments.
 */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(req);
  if (raw.length === 0) return { body: null, files: [] };
  const contentType = req.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) return parseMultipart(raw, contentType);
  try {
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  } catch {
    throw Errors.invalidJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw Errors.invalidJson();
  }
  let body: Json = null;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") {
        try {
          body = JSON.parse(value);
        } catch {
          throw Errors.invalidJson();
        }
      }
      continue;
    }
    files.push({
      field,
      name: value.name,
      size: value.size,
      contentType: value.type || "application/octet-stream",
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, files };
}
