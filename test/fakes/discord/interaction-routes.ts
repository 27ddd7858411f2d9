import { type ApiError, Errors, type FieldError, invalidFormBody } from "./errors.ts";
import { InteractionKind, type InteractionRecord } from "./interaction.ts";
import type { MessageRecord, MessageStore } from "./message-store.ts";
import type { RestReply, RestRequest, Route } from "./rest-server.ts";
import { apiUser } from "./shapes.ts";
import type { Json } from "./types.ts";
import { hasVisibleContent, validateMessageBody } from "./validate-message.ts";
import type { World } from "./world.ts";

const LOADING = 1 << 7;
const EPHEMERAL = 1 << 6;

/** Callback types each interaction type accepts (PONG is only for PING interactions, which the fake never sends). */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionKind.ApplicationCommand]: [4, 5, 9],
  [InteractionKind.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionKind.Autocomplete]: [8],
};

export interface InteractionRegistry {
  byId: Map<string, InteractionRecord>;
  byToken: Map<string, InteractionRecord>;
}

export interface InteractionRouteDeps {
  world: World;
  messages: MessageStore;
  applicationId: string;
  interactions: InteractionRegistry;
}

function validateCallbackData(type: number, data: Json, fileCount: number): void {
  if (type === 4) validateMessageBody(data, { requireContent: true, fileCount });
  if (type === 7) validateMessageBody(data, { requireContent: false, fileCount });
  const problems: FieldError[] = [];
  if (type === 8) {
    const choices = data?.choices;
    if (!Array.isArray(choices) || choices.length > 25) {
      problems.push({
        path: ["data", "choices"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 25 or fewer in length.",
      });
    } else {
      choices.forEach((c: Json, i) => {
        if (typeof c?.name !== "string" || c.name.length < 1 || c.name.length > 100) {
          problems.push({
            path: ["data", "choices", i, "name"],
            code: "BASE_TYPE_BAD_LENGTH",
            message: "Must be between 1 and 100 in length.",
          });
        }
        if (c?.value === undefined || (typeof c.value === "string" && c.value.length > 100)) {
          problems.push({
            path: ["data", "choices", i, "value"],
            code: "BASE_TYPE_BAD_LENGTH",
            message: "Must be between 1 and 100 in length.",
          });
        }
      });
    }
  }
  if (type === 9) {
    if (typeof data?.custom_id !== "string" || data.custom_id.length === 0) {
      problems.push({ path: ["data", "custom_id"], code: "BASE_TYPE_REQUIRED", message: "This field is required" });
    }
    if (typeof data?.title !== "string" || data.title.length < 1 || data.title.length > 45) {
      problems.push({
        path: ["data", "title"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 45 in length.",
      });
    }
  }
  if (problems.length > 0) throw invalidFormBody(problems);
}

/** Interaction callbacks and the interaction webhook (follow-ups, @original), authenticated by the URL token. */
export function interactionRoutes(deps: InteractionRouteDeps): Route[] {
  const { world, messages, applicationId, interactions } = deps;

  const responseMessage = (rec: InteractionRecord, body: Json, files: RestRequest["files"], extraFlags = 0) =>
    messages.create({
      channelId: rec.channelId,
      guildId: rec.guildId,
      author: world.botUser,
      body,
      files,
      type: rec.type === InteractionKind.ApplicationCommand ? 20 : 0,
      interactionId: rec.id,
      webhookId: applicationId,
      applicationId,
      extraFlags,
      interactionMetadata: {
        id: rec.id,
        type: rec.type,
        user: apiUser(world.users.get(rec.userId) ?? { id: rec.userId, username: "unknown" }),
        authorizing_integration_owners: { "0": rec.guildId },
      },
    });

  const callback = (req: RestRequest): RestReply => {
    const rec = interactions.byId.get(req.params.interactionId ?? "");
    if (!rec || rec.token !== req.params.token) throw Errors.unknownInteraction();
    const type = Number(req.body?.type);
    const data = req.body?.data;
    const now = Date.now();
    const refuse = (error: ApiError) => {
      rec.rejected.push({ type, status: error.status, code: Number(error.body.code), at: now });
      return error;
    };
    if (rec.acknowledgedAt !== null) throw refuse(Errors.alreadyAcknowledged());
    if (now - rec.dispatchedAt > rec.deadlineMs) throw refuse(Errors.unknownInteraction());
    if (!(ALLOWED_CALLBACKS[rec.type] ?? []).includes(type)) {
      throw refuse(
        invalidFormBody([
          {
            path: ["type"],
            code: "INTERACTION_CALLBACK_TYPE_INVALID",
            message: "Invalid interaction callback type for this interaction",
          },
        ]),
      );
    }
    try {
      validateCallbackData(type, data, req.files.length);
    } catch (error) {
      throw refuse(error as ApiError);
    }
    let message: MessageRecord | undefined;
    if (type === 4) {
      message = responseMessage(rec, data, req.files);
    } else if (type === 5) {
      rec.deferred = true;
      message = responseMessage(rec, { flags: Number(data?.flags ?? 0) & EPHEMERAL }, [], LOADING);
    } else if (type === 6 || type === 7) {
      message = messages.get(rec.sourceMessageId ?? "");
      if (!message) throw refuse(Errors.unknownMessage());
      if (type === 6) rec.deferred = true;
      else messages.edit(message, data ?? {}, req.files);
    } else if (type === 8) {
      rec.autocompleteChoices = data.choices;
    } else if (type === 9) {
      rec.modal = data;
    }
    rec.acknowledgedAt = now;
    rec.callbacks.push({ type, data: data ?? null, at: now });
    if (message) rec.originalMessageId = message.id;
    if (message && (type === 4 || type === 7)) rec.showResponse(message);
    if (req.query.with_response !== "true") return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: rec.id,
          type: rec.type,
          activity_instance_id: null,
          ...(message && type !== 6
            ? {
                response_message_id: message.id,
                response_message_loading: (message.flags & LOADING) !== 0,
                response_message_ephemeral: message.ephemeral,
              }
            : {}),
        },
        resource: { type, ...(message && type !== 6 ? { message: messages.toApi(message) } : {}) },
      },
    };
  };

  /** Resolves the interaction behind a webhook URL; Discord knows the webhook only once the interaction was answered. */
  const webhook = (req: RestRequest): InteractionRecord => {
    if (req.params.appId !== applicationId) throw Errors.unknownWebhook();
    const rec = interactions.byToken.get(req.params.token ?? "");
    if (!rec) throw Errors.invalidWebhookToken();
    if (rec.acknowledgedAt === null) throw Errors.unknownWebhook();
    return rec;
  };

  const webhookMessage = (req: RestRequest): { rec: InteractionRecord; message: MessageRecord; original: boolean } => {
    const rec = webhook(req);
    const wanted = req.params.messageId === "@original" ? rec.originalMessageId : (req.params.messageId ?? null);
    const original = wanted !== null && wanted === rec.originalMessageId;
    const message = wanted !== null && (original || rec.followupIds.has(wanted)) ? messages.get(wanted) : undefined;
    if (!message || message.deleted) throw Errors.unknownMessage();
    return { rec, message, original };
  };

  return [
    { method: "POST", pattern: "/interactions/:interactionId/:token/callback", auth: false, handler: callback },
    {
      method: "POST",
      pattern: "/webhooks/:appId/:token",
      auth: false,
      handler: (req) => {
        const rec = webhook(req);
        validateMessageBody(req.body, { requireContent: true, fileCount: req.files.length });
        const message = responseMessage(rec, req.body, req.files);
        rec.followupIds.add(message.id);
        const api = messages.toApi(message);
        rec.followups.push(api);
        return req.query.wait === "true" ? { status: 200, body: api } : { status: 204 };
      },
    },
    {
      method: "GET",
      pattern: "/webhooks/:appId/:token/messages/:messageId",
      auth: false,
      handler: (req) => ({ status: 200, body: messages.toApi(webhookMessage(req).message) }),
    },
    {
      method: "PATCH",
      pattern: "/webhooks/:appId/:token/messages/:messageId",
      auth: false,
      handler: (req) => {
        const { rec, message, original } = webhookMessage(req);
        validateMessageBody(req.body, { requireContent: false, fileCount: req.files.length });
        const merged = { ...messages.toApi(message), ...(req.body ?? {}) };
        if (!hasVisibleContent(merged) && req.files.length === 0) throw Errors.emptyMessage();
        messages.edit(message, req.body, req.files, original ? LOADING : 0);
        if (original) rec.showResponse(message);
        return { status: 200, body: messages.toApi(message) };
      },
    },
    {
      method: "DELETE",
      pattern: "/webhooks/:appId/:token/messages/:messageId",
      auth: false,
      handler: (req) => {
        messages.remove(webhookMessage(req).message);
        return { status: 204 };
      },
    },
  ];
}
