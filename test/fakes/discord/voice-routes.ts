import { ApiError, Errors, invalidFormBody } from "./errors.ts";
import { Permission } from "./permissions.ts";
import type { Route } from "./rest-server.ts";
import type { GuildState, VoiceEntry, World } from "./world.ts";

export interface VoiceRouteDeps {
  world: World;
  /** Sends VOICE_STATE_UPDATE for a changed state. */
  dispatch(guild: GuildState, entry: VoiceEntry): void;
}

/**
 * PATCH /guilds/:guildId/voice-states/@me, as Discord does it for stage channels: `suppress: false` (become a
 * speaker) needs Mute Members in the stage, `request_to_speak_timestamp` needs Request to Speak; the bot must be in
 * `channel_id`, and that channel must be a stage.
 */
export function voiceRoutes(deps: VoiceRouteDeps): Route[] {
  const { world } = deps;
  return [
    {
      method: "PATCH",
      pattern: "/guilds/:guildId/voice-states/@me",
      auth: true,
      handler: (req) => {
        const guild = world.guilds.get(req.params.guildId ?? "");
        if (!guild) throw Errors.unknownGuild();
        const body = req.body ?? {};
        const channel = guild.channels.get(String(body.channel_id ?? ""));
        if (!channel) {
          throw invalidFormBody([{ path: ["channel_id"], code: "CHANNEL_INVALID", message: "Unknown channel" }]);
        }
        if (channel.type !== 13) throw new ApiError(400, 50024, "Cannot execute action on this channel type");
        const entry = guild.voice.get(world.botUser.id);
        if (!entry || entry.channelId !== channel.id) throw Errors.unknownVoiceState();
        const perms = world.permissionsIn(guild, world.botUser.id, channel);
        if (body.suppress === false && (perms & Permission.MuteMembers) === 0n) throw Errors.missingPermissions();
        const asks = typeof body.request_to_speak_timestamp === "string";
        if (asks && (perms & Permission.RequestToSpeak) === 0n) throw Errors.missingPermissions();
        if (typeof body.suppress === "boolean") entry.suppress = body.suppress;
        if (body.request_to_speak_timestamp !== undefined) entry.requestToSpeakAt = body.request_to_speak_timestamp;
        if (entry.suppress === false) entry.requestToSpeakAt = null;
        deps.dispatch(guild, entry);
        return { status: 204 };
      },
    },
  ];
}
