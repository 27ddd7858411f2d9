import { Errors, invalidFormBody } from "./errors.ts";
import type { MessageRecord, MessageStore } from "./message-store.ts";
import { Permission } from "./permissions.ts";
import type { RestRequest, Route } from "./rest-server.ts";
import { apiChannel, apiDmChannel } from "./shapes.ts";
import { hasVisibleContent, validateMessageBody } from "./validate-message.ts";
import type { ResolvedChannel, World } from "./world.ts";

const MANAGE_MESSAGES = 1n << 13n;

export interface ChannelRouteDeps {
  world: World;
  messages: MessageStore;
  /** Gateway echo of message changes the bot made through REST. */
  onCreate(m: MessageRecord): void;
  onUpdate(m: MessageRecord): void;
  onDelete(m: MessageRecord): void;
}

/** Channel and message routes: create, fetch, list, edit, delete, typing; with the bot's channel permissions enforced. */
export function channelRoutes(deps: ChannelRouteDeps): Route[] {
  const { world, messages } = deps;

  const channelOf = (req: RestRequest): ResolvedChannel => {
    const resolved = world.resolveChannel(req.params.channelId ?? "");
    if (!resolved) throw Errors.unknownChannel();
    return resolved;
  };

  /** VIEW_CHANNEL is needed to see the channel at all (50001), `perm` to act in it (50013). */
  const requirePermission = (resolved: ResolvedChannel, perm: bigint): bigint => {
    if (resolved.kind === "dm") return perm;
    const perms = world.permissionsIn(resolved.guild, world.botUser.id, resolved.channel);
    if ((perms & Permission.ViewChannel) === 0n) throw Errors.missingAccess();
    if ((perms & perm) !== perm) throw Errors.missingPermissions();
    return perms;
  };

  const messageOf = (req: RestRequest, resolved: ResolvedChannel): MessageRecord => {
    const message = messages.get(req.params.messageId ?? "");
    const channelId = resolved.kind === "dm" ? resolved.dm.id : resolved.channel.id;
    if (!message || message.deleted || message.ephemeral || message.channel_id !== channelId)
      throw Errors.unknownMessage();
    return message;
  };

  return [
    {
      method: "GET",
      pattern: "/channels/:channelId",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        requirePermission(resolved, Permission.ViewChannel);
        return { status: 200, body: resolved.kind === "dm" ? apiDmChannel(resolved.dm) : apiChannel(resolved.channel) };
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channelId/messages",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        if (resolved.kind === "guild" && resolved.channel.type === 4) throw Errors.nonTextChannel();
        const files = req.files.length > 0 ? Permission.AttachFiles : 0n;
        requirePermission(resolved, Permission.SendMessages | files);
        validateMessageBody(req.body, { requireContent: true, fileCount: req.files.length });
        const channelId = resolved.kind === "dm" ? resolved.dm.id : resolved.channel.id;
        const ref = req.body?.message_reference;
        if (ref?.message_id && ref.fail_if_not_exists !== false) {
          const target = messages.get(String(ref.message_id));
          if (!target || target.deleted || target.channel_id !== channelId) {
            throw invalidFormBody([
              { path: ["message_reference"], code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message: "Unknown message" },
            ]);
          }
        }
        const message = messages.create({
          channelId,
          guildId: resolved.kind === "guild" ? resolved.guild.id : null,
          author: world.botUser,
          body: req.body,
          files: req.files,
        });
        deps.onCreate(message);
        return { status: 200, body: messages.toApi(message) };
      },
    },
    {
      method: "GET",
      pattern: "/channels/:channelId/messages",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        requirePermission(resolved, Permission.ViewChannel | (1n << 16n));
        const limit = Number(req.query.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          throw invalidFormBody([
            { path: ["limit"], code: "NUMBER_TYPE_MAX", message: "Int value should be between 1 and 100." },
          ]);
        }
        const channelId = resolved.kind === "dm" ? resolved.dm.id : resolved.channel.id;
        const { before, after } = req.query;
        const list = messages
          .inChannel(channelId)
          .filter((m) => !m.deleted)
          .filter((m) => (before ? BigInt(m.id) < BigInt(before) : true))
          .filter((m) => (after ? BigInt(m.id) > BigInt(after) : true))
          .reverse()
          .slice(0, limit);
        return { status: 200, body: list.map((m) => messages.toApi(m)) };
      },
    },
    {
      method: "GET",
      pattern: "/channels/:channelId/messages/:messageId",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        requirePermission(resolved, Permission.ViewChannel | (1n << 16n));
        return { status: 200, body: messages.toApi(messageOf(req, resolved)) };
      },
    },
    {
      method: "PATCH",
      pattern: "/channels/:channelId/messages/:messageId",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        requirePermission(resolved, Permission.ViewChannel);
        const message = messageOf(req, resolved);
        if (message.author.id !== world.botUser.id) throw Errors.cannotEditOthers();
        validateMessageBody(req.body, { requireContent: false, fileCount: req.files.length });
        const merged = { ...messages.toApi(message), ...(req.body ?? {}) };
        if (!hasVisibleContent(merged) && req.files.length === 0) throw Errors.emptyMessage();
        messages.edit(message, req.body, req.files);
        deps.onUpdate(message);
        return { status: 200, body: messages.toApi(message) };
      },
    },
    {
      method: "DELETE",
      pattern: "/channels/:channelId/messages/:messageId",
      auth: true,
      handler: (req) => {
        const resolved = channelOf(req);
        const message = messageOf(req, resolved);
        requirePermission(resolved, message.author.id === world.botUser.id ? Permission.ViewChannel : MANAGE_MESSAGES);
        messages.remove(message);
        deps.onDelete(message);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channelId/typing",
      auth: true,
      handler: (req) => {
        requirePermission(channelOf(req), Permission.SendMessages);
        return { status: 204 };
      },
    },
  ];
}
