import type { settings as en } from "../en/settings.ts";
import type { Translation } from "../types.ts";

export const settings: Translation<typeof en> = {
  "settings.title": "Servereinstellungen",
  "settings.nameOne": "Nenne eine Einstellung: {names}.",
  "settings.giveValue": "Gib einen Wert für **{name}** an.",
  "settings.reset": "**{name}** auf {value} zurückgesetzt.",
  "settings.set": "**{name}** auf {value} gesetzt.",
  "settings.onOff": "Verwende on oder off.",
  "settings.number": "Gib eine Zahl an oder `default`.",
  "settings.time": "Gib eine Zeit wie 90, 2m oder 1:30 an.",
  "settings.roles": "Erwähne die DJ-Rollen (oder gib ihre IDs an), oder `none`.",
  "settings.channels": "Erwähne die Kanäle (oder gib ihre IDs an), oder `all`.",
  "settings.oneChannel": "Nenne einen Sprachkanal, oder `any`.",
  "settings.sponsorblock": "Nenne SponsorBlock-Kategorien ({categories}), oder `all` oder `off`.",
  "settings.language": "Wähle eine Sprache: {languages}, oder `default`.",
  "settings.on": "an",
  "settings.off": "aus",
  "settings.default": "Standard",
  "settings.noLimit": "kein Limit",
  "settings.all": "alle",
  "settings.any": "beliebig",
  "settings.noRoles": "keine (eine Rolle namens DJ zählt)",
  "settings.minutes": "{count} Min.",
  "settings.memberLimit": "{count} Titel (DJs ausgenommen)",
  "settings.languageDefault": "Standard ({language})",
};
