import type { Json } from "./types.ts";

/** A Discord API error response: thrown by route handlers, sent as `{ message, code, errors? }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: Json;

  constructor(status: number, code: number, message: string, errors?: Json) {
    super(message);
    this.status = status;
    this.body = errors === undefined ? { message, code } : { message, code, errors };
  }
}

/** The exact error bodies Discord answers with, by name. */
export const Errors = {
  unauthorized: () => new ApiError(401, 0, "401: Unauthorized"),
  notFound: () => new ApiError(404, 0, "404: Not Found"),
  methodNotAllowed: () => new ApiError(405, 0, "405: Method Not Allowed"),
  unknownApplication: () => new ApiError(404, 10002, "Unknown Application"),
  unknownChannel: () => new ApiError(404, 10003, "Unknown Channel"),
  unknownGuild: () => new ApiError(404, 10004, "Unknown Guild"),
  unknownMember: () => new ApiError(404, 10007, "Unknown Member"),
  unknownMessage: () => new ApiError(404, 10008, "Unknown Message"),
  unknownUser: () => new ApiError(404, 10013, "Unknown User"),
  unknownWebhook: () => new ApiError(404, 10015, "Unknown Webhook"),
  unknownCommand: () => new ApiError(404, 10063, "Unknown application command"),
  unknownInteraction: () => new ApiError(404, 10062, "Unknown interaction"),
  unknownVoiceState: () => new ApiError(404, 10065, "Unknown Voice State"),
  missingAccess: () => new ApiError(403, 50001, "Missing Access"),
  cannotEditOthers: () => new ApiError(403, 50005, "Cannot edit a message authored by another user"),
  nonTextChannel: () => new ApiError(400, 50008, "Cannot send messages in a non-text channel"),
  emptyMessage: () => new ApiError(400, 50006, "Cannot send an empty message"),
  missingPermissions: () => new ApiError(403, 50013, "Missing Permissions"),
  invalidWebhookToken: () => new ApiError(401, 50027, "Invalid Webhook Token"),
  invalidJson: () => new ApiError(400, 50109, "The request body contains invalid JSON."),
  alreadyAcknowledged: () => new ApiError(400, 40060, "Interaction has already been acknowledged."),
};

export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

/** 400 Invalid Form Body (50035) with Discord's nested `errors` object. */
export function invalidFormBody(problems: FieldError[]): ApiError {
  const errors: Json = {};
  for (const p of problems) {
    let node = errors;
    for (const key of p.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k];
    }
    node._errors ??= [];
    node._errors.push({ code: p.code, message: p.message });
  }
  return new ApiError(400, 50035, "Invalid Form Body", errors);
}
