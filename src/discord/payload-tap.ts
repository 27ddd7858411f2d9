import { type APIGuildMember, ChannelType, type Client, Events, type GatewayDispatchPayload } from "discord.js";

/** A message author's member as MESSAGE_CREATE carries it: role ids, no permissions. */
export type MessageMember = Omit<APIGuildMember, "user">;

/** Recent messages whose author member is kept for the prefix router; the router reads it in the same tick. */
const MESSAGE_MEMBERS_KEPT = 100;

/**
 * Reads the few gateway payload fields that discord.js would otherwise only keep in the caches Encore leaves out.
 * discord.js emits `raw` before it handles the same payload object, so what is noted here is in place by then.
 *
 * - the author member of each guild message (roles), since members are not cached;
 * - the bot's own role ids per guild, so the role cache keeps them (stage rights);
 * - a role updated to matter (Manage Server, the DJ name) that the cache had left out is added;
 * - a guild message in a channel that is not cached gets the `channel_type` discord.js's channel partial needs
 *   when Discord left it out (a text-capable guild channel; Encore answers it by id through REST).
 */
export class PayloadTap {
  readonly #messageMembers = new Map<string, MessageMember>();
  readonly #botRoles = new Map<string, Set<string>>();

  attach(client: Client): void {
    client.on(Events.Raw, (packet: GatewayDispatchPayload) => this.observe(client, packet));
  }

  /** The member of a message's author, once (null when the payload had none or it was already read). */
  takeMessageMember(messageId: string): MessageMember | null {
    const member = this.#messageMembers.get(messageId) ?? null;
    this.#messageMembers.delete(messageId);
    return member;
  }

  botRoles(guildId: string): ReadonlySet<string> | undefined {
    return this.#botRoles.get(guildId);
  }

  observe(client: Client, packet: GatewayDispatchPayload): void {
    const botId = client.user?.id;
    switch (packet.t) {
      case "GUILD_CREATE": {
        const self = packet.d.members?.find((m) => m.user?.id === botId);
        if (self) this.#botRoles.set(packet.d.id, new Set(self.roles));
        return;
      }
      case "GUILD_DELETE":
        if (!packet.d.unavailable) this.#botRoles.delete(packet.d.id);
        return;
      case "GUILD_MEMBER_UPDATE":
        if (packet.d.user.id === botId) this.#botRoles.set(packet.d.guild_id, new Set(packet.d.roles));
        return;
      case "GUILD_ROLE_UPDATE": {
        const guild = client.guilds.cache.get(packet.d.guild_id);
        // discord.js ignores updates of roles it has not cached; offer it to the cache (which keeps it if it matters).
        if (guild && !guild.roles.cache.has(packet.d.role.id)) {
          (guild.roles as unknown as { _add(data: unknown): unknown })._add(packet.d.role);
        }
        return;
      }
      case "MESSAGE_CREATE": {
        const d = packet.d as typeof packet.d & { channel_type?: number };
        if (!d.guild_id) return;
        if (d.member) {
          this.#messageMembers.set(d.id, d.member);
          if (this.#messageMembers.size > MESSAGE_MEMBERS_KEPT) {
            const oldest = this.#messageMembers.keys().next().value;
            if (oldest !== undefined) this.#messageMembers.delete(oldest);
          }
        }
        if (d.channel_type === undefined && !client.channels.cache.has(d.channel_id)) {
          d.channel_type = ChannelType.GuildText;
        }
        return;
      }
      default:
        return;
    }
  }
}
