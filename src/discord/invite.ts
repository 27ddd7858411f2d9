import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/** What Encore needs in a guild: read and answer in text channels, join and speak in voice. */
export const INVITE_PERMISSIONS: readonly bigint[] = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.Connect,
  PermissionFlagsBits.Speak,
];

export const INVITE_SCOPES: readonly OAuth2Scopes[] = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands];

/** The OAuth2 link that adds the bot to a server with its slash commands and the permissions above. */
export function inviteUrl(applicationId: string): string {
  const permissions = INVITE_PERMISSIONS.reduce((all, p) => all | p, 0n);
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(" "),
    permissions: permissions.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString().replace(/%20|\+/g, "+")}`;
}
