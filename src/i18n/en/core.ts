/** Refusals said in several places, and what the command pipeline and the router answer. */
export const core = {
  "refusal.guildOnly": "This command only works in a server.",
  "refusal.notInVoice": "Join a voice channel first.",
  "refusal.notSameVoice": "You need to be in {channel} with me to do that.",
  "refusal.noPlayer": "Nothing is playing right now.",
  "refusal.queueEmpty": "The queue is empty.",
  "refusal.noResults": "I couldn't find anything for that.",
  "refusal.needsManageServer": "You need the Manage Server permission to do that.",
  "refusal.notAllowed":
    "Only a DJ, a member with Manage Server, whoever requested the current track, or someone alone with me can do that.",
  "refusal.djOnly": "This server is in DJ-only mode: only DJs and members with Manage Server control playback.",
  "refusal.needsDj.removeOthers": "Only a DJ or a member with Manage Server can remove another member's tracks.",
  "refusal.needsDj.moveListeners":
    "Only a DJ or a member with Manage Server can move me away from members who are listening.",
  "refusal.ownTracksOnly": "You can remove your own tracks; removing other members' tracks needs a DJ.",
  "refusal.voiceChannelRule": "In this server I only join {channel}.",
  "refusal.stageNoSpeak":
    "{channel} is a stage where I can't speak: give me the Request to Speak permission there (or Mute Members to go on stage by myself).",
  "refusal.wrongChannel": "This server takes my commands in {channels}.",
  "pipeline.genericError": "Something went wrong while running that command. It has been logged.",
  "router.restarting": "Encore is restarting; try again in a moment.",
  "router.stale": "That button or menu no longer works. Run the command again.",
  "router.unknownCommand": "That command no longer exists.",
  "router.attachFile": "Attach the {name}. Usage: `{usage}`",
  "router.usage": "{problem}. Usage: `{usage}`",
  "router.slowDown": "Slow down: you are sending commands faster than Encore takes them. Try again in {seconds}s.",
  "discord.dmClosed": "I can't send you direct messages. Allow DMs from this server and try again.",
  "discord.cannotAttach":
    "I can't attach files in this channel: I need the Attach Files permission here (the slash command works anywhere).",
  "discord.fileTooLarge": "That file is too large: I read files up to {kb} KB.",
  "discord.badFile": "I couldn't read that file.",
  "discord.notDiscordFile": "I only read files attached on Discord.",
  "discord.downloadFailed": "I couldn't download that file from Discord. Try again.",
  "discord.setupFailed": "I can't post in this channel: I need to see it and send messages and embeds there.",
} as const;
