import type { core as en } from "../en/core.ts";
import type { Translation } from "../types.ts";

export const core: Translation<typeof en> = {
  "refusal.guildOnly": "Dieser Befehl funktioniert nur auf einem Server.",
  "refusal.notInVoice": "Tritt zuerst einem Sprachkanal bei.",
  "refusal.notSameVoice": "Dafür musst du mit mir in {channel} sein.",
  "refusal.noPlayer": "Gerade läuft nichts.",
  "refusal.queueEmpty": "Die Warteschlange ist leer.",
  "refusal.noResults": "Dazu habe ich nichts gefunden.",
  "refusal.needsManageServer": "Dafür brauchst du die Berechtigung „Server verwalten“.",
  "refusal.notAllowed":
    "Das dürfen nur DJs, Mitglieder mit „Server verwalten“, wer den aktuellen Titel gewünscht hat, oder wer allein mit mir im Kanal ist.",
  "refusal.djOnly":
    "Dieser Server ist im DJ-Modus: Nur DJs und Mitglieder mit „Server verwalten“ steuern die Wiedergabe.",
  "refusal.needsDj.removeOthers":
    "Nur DJs und Mitglieder mit „Server verwalten“ können Titel anderer Mitglieder entfernen.",
  "refusal.needsDj.moveListeners":
    "Nur DJs und Mitglieder mit „Server verwalten“ können mich von Mitgliedern wegholen, die gerade zuhören.",
  "refusal.ownTracksOnly": "Deine eigenen Titel kannst du entfernen; für die Titel anderer brauchst du einen DJ.",
  "refusal.voiceChannelRule": "Auf diesem Server trete ich nur {channel} bei.",
  "refusal.stageNoSpeak":
    "{channel} ist eine Stage, auf der ich nicht sprechen kann: Gib mir dort die Berechtigung „Sprechen anfragen“ (oder „Mitglieder stummschalten“, um selbst auf die Bühne zu gehen).",
  "refusal.wrongChannel": "Auf diesem Server nehme ich Befehle nur in {channels} an.",
  "pipeline.genericError": "Beim Ausführen des Befehls ist etwas schiefgegangen. Der Fehler wurde protokolliert.",
  "router.restarting": "Encore startet gerade neu; versuch es gleich noch einmal.",
  "router.stale": "Dieser Button oder dieses Menü funktioniert nicht mehr. Führe den Befehl erneut aus.",
  "router.unknownCommand": "Diesen Befehl gibt es nicht mehr.",
  "router.attachFile": "Hänge {name} an. Verwendung: `{usage}`",
  "router.usage": "{problem}. Verwendung: `{usage}`",
  "router.slowDown":
    "Langsam: Du schickst Befehle schneller, als Encore sie annimmt. Versuch es in {seconds} s noch einmal.",
  "arg.notEmpty": "{name} darf nicht leer sein",
  "arg.minChars": "{name} braucht mindestens {min} Zeichen",
  "arg.maxChars": "{name} darf höchstens {max} Zeichen haben",
  "arg.oneOf": "{name} muss eins davon sein: {choices}",
  "arg.number": "{name} muss eine Zahl sein",
  "arg.whole": "{name} muss eine ganze Zahl sein",
  "arg.onOff": "{name} muss on oder off sein",
  "arg.member": "{name} muss ein Mitglied sein: Erwähne es oder gib seine ID an",
  "arg.file": "{name} muss eine angehängte Datei sein",
  "arg.time": "{name} muss eine Zeit wie 90, 1:30 oder 1:02:03 sein",
  "arg.min": "{name} muss mindestens {min} sein",
  "arg.max": "{name} darf höchstens {max} sein",
  "arg.missing": "{name} fehlt",
  "arg.tooMany": "Zu viele Argumente",
  "arg.pickSub": "Wähle eins davon: {names}",
  "discord.dmClosed":
    "Ich kann dir keine Direktnachrichten schicken. Erlaube Direktnachrichten von diesem Server und versuch es erneut.",
  "discord.cannotAttach":
    "Ich kann in diesem Kanal keine Dateien anhängen: Dafür brauche ich hier die Berechtigung „Dateien anhängen“ (der Slash-Befehl funktioniert überall).",
  "discord.fileTooLarge": "Diese Datei ist zu groß: Ich lese Dateien bis {kb} KB.",
  "discord.badFile": "Ich konnte diese Datei nicht lesen.",
  "discord.notDiscordFile": "Ich lese nur Dateien, die auf Discord angehängt wurden.",
  "discord.downloadFailed": "Ich konnte die Datei nicht von Discord herunterladen. Versuch es erneut.",
  "discord.setupFailed":
    "Ich kann in diesem Kanal nicht posten: Ich muss ihn sehen und dort Nachrichten und Einbettungen senden dürfen.",
};
