import type { CommandLocalizations, OptionLocalization } from "./types.ts";

const QUERY: OptionLocalization = {
  name: "suche",
  description: "Was laufen soll: Suchbegriffe oder ein Link; yt:, ytm:, sc:, sp:, am: oder dz: wählt die Quelle",
};
const SHUFFLE: OptionLocalization = { name: "mischen", description: "Die Titel einer Playlist beim Einreihen mischen" };
const AMOUNT: OptionLocalization = {
  name: "dauer",
  description: "Wie weit: 10, 30, 1:30 oder 2m (Standard 10 Sekunden)",
};
const PAGE: OptionLocalization = { name: "seite", description: "Seitennummer" };
const PLAYLIST: OptionLocalization = { name: "name", description: "Eine deiner Playlists" };
const SETTING: OptionLocalization = { name: "einstellung", description: "Welche Einstellung" };

/** The slash commands in German. */
export const deCommands: CommandLocalizations = {
  play: {
    name: "abspielen",
    description: "Spielt einen Song oder eine Playlist aus einer Suche, einem Link oder einer angehängten Audiodatei",
    options: {
      query: QUERY,
      shuffle: SHUFFLE,
      file: {
        name: "datei",
        description: "Eine Audiodatei (mp3, ogg, flac, wav, m4a…) statt einer Suche oder eines Links",
      },
    },
  },
  playnext: {
    name: "als-nächstes",
    description: "Wie abspielen, aber ganz vorn in die Warteschlange",
    options: { query: QUERY, shuffle: SHUFFLE },
  },
  search: {
    name: "suchen",
    description: "Suchen und bis zu 10 Ergebnisse aus einem Menü wählen",
    options: {
      query: { name: "suche", description: "Suchbegriffe (yt:, ytm:, sc:, sp:, am: oder dz: davor wählt die Quelle)" },
    },
  },
  pause: { name: "pause", description: "Pausiert die Wiedergabe" },
  resume: { name: "fortsetzen", description: "Setzt die pausierte Wiedergabe fort" },
  skip: {
    name: "überspringen",
    description: "Überspringt den Titel (oder stimmt dafür) oder springt zu einer Position",
    options: { to: { name: "zu", description: "Position in der Warteschlange, zu der gesprungen wird" } },
  },
  skipto: {
    name: "springen-zu",
    description: "Springt zu einer Position der Warteschlange und lässt die Titel davor weg",
    options: { position: { name: "position", description: "Position in der Warteschlange" } },
  },
  previous: { name: "zurück", description: "Spielt den vorigen Titel noch einmal" },
  replay: { name: "neu-starten", description: "Startet den aktuellen Titel von vorn" },
  stop: { name: "stopp", description: "Stoppt die Wiedergabe und leert die Warteschlange (bleibt im Kanal)" },
  leave: { name: "verlassen", description: "Verlässt den Sprachkanal und leert die Warteschlange" },
  volume: {
    name: "lautstärke",
    description: "Zeigt oder setzt die Lautstärke (0–150)",
    options: { level: { name: "stufe", description: "Neue Lautstärke, 0 bis 150" } },
  },
  seek: {
    name: "springen",
    description: "Springt zu einer Stelle im aktuellen Titel",
    options: { time: { name: "zeit", description: "Wohin: 90, 1:30 oder 1:02:03" } },
  },
  forward: {
    name: "vorspulen",
    description: "Spult im aktuellen Titel vor (Standard 10 Sekunden)",
    options: { amount: AMOUNT },
  },
  rewind: {
    name: "zurückspulen",
    description: "Spult im aktuellen Titel zurück (Standard 10 Sekunden)",
    options: { amount: AMOUNT },
  },
  join: {
    name: "beitreten",
    description: "Tritt deinem Sprachkanal bei oder wechselt dorthin (die Warteschlange läuft weiter)",
  },
  autoplay: {
    name: "autoplay",
    description: "Schaltet Autoplay an oder aus: Passende Titel folgen, wenn die Warteschlange leer ist",
    options: { state: { name: "status", description: "an oder aus (ohne Angabe wird umgeschaltet)" } },
  },
  queue: {
    name: "warteschlange",
    description: "Zeigt die Warteschlange",
    options: { page: PAGE },
  },
  remove: {
    name: "entfernen",
    description: "Entfernt eine Position oder einen Bereich wie 3-7 aus der Warteschlange",
    options: { positions: { name: "positionen", description: "Eine Position (3) oder ein Bereich (3-7)" } },
  },
  removedupes: {
    name: "doppelte-entfernen",
    description: "Entfernt Titel, die schon laufen oder weiter vorn eingereiht sind",
  },
  removeuser: {
    name: "titel-von-entfernen",
    description: "Entfernt alle eingereihten Titel eines Mitglieds (DJ, oder deine eigenen)",
    options: { member: { name: "mitglied", description: "Wessen Titel entfernt werden" } },
  },
  move: {
    name: "verschieben",
    description: "Verschiebt einen Titel an eine andere Position",
    options: {
      from: { name: "von", description: "Position des Titels" },
      to: { name: "nach", description: "Wohin er soll" },
    },
  },
  clear: { name: "leeren", description: "Entfernt alle eingereihten Titel (der aktuelle läuft weiter)" },
  shuffle: { name: "mischen", description: "Mischt die eingereihten Titel" },
  loop: {
    name: "wiederholen",
    description: "Wiederholt nichts, den aktuellen Titel oder die ganze Warteschlange",
    options: {
      mode: {
        name: "modus",
        description: "aus, Titel oder Warteschlange (ohne Angabe wird weitergeschaltet)",
        choices: { off: "Aus", track: "Titel", queue: "Warteschlange" },
      },
    },
  },
  export: {
    name: "exportieren",
    description: "Gibt dir die Warteschlange als Datei, die du mit importieren wieder lädst",
  },
  import: {
    name: "importieren",
    description: "Reiht die Titel einer Datei von exportieren ein (häng sie an)",
    options: { file: { name: "datei", description: "Die .json-Datei von exportieren" } },
  },
  history: {
    name: "verlauf",
    description: "Die zuletzt auf diesem Server gespielten Titel (bis zu 50)",
    options: { page: PAGE },
  },
  grab: { name: "merken", description: "Schickt dir den aktuellen Titel als Direktnachricht" },
  filter: {
    name: "filter",
    description: "Setzt einen Audiofilter (nochmal: entfernt ihn), oder aus für keinen",
    options: {
      preset: {
        name: "voreinstellung",
        description: "Der Filter",
        choices: {
          bassboost: "Bassverstärkung",
          nightcore: "Nightcore",
          vaporwave: "Vaporwave",
          "8d": "8D",
          karaoke: "Karaoke",
          tremolo: "Tremolo",
          vibrato: "Vibrato",
          lowpass: "Tiefpass",
          speed: "Tempo",
          pitch: "Tonhöhe",
          rate: "Geschwindigkeit (Tempo und Tonhöhe)",
          eq: "Equalizer",
          distortion: "Verzerrung",
          off: "Alle aus",
        },
      },
      value: {
        name: "wert",
        description: "bassboost: low/medium/high · speed, pitch, rate: 0.5–2 · eq: Preset, off oder band:gain",
      },
    },
  },
  setup: {
    name: "wunschkanal",
    description: "Macht diesen Kanal zum Wunschkanal: Jede Nachricht hier wird gespielt (Server verwalten)",
    options: { state: { name: "status", description: "an für diesen Kanal (Standard), aus zum Beenden" } },
  },
  settings: {
    name: "einstellungen",
    description: "Zeigt oder ändert Encores Einstellungen für diesen Server (Server verwalten)",
    subcommands: {
      show: { name: "anzeigen", description: "Zeigt alle Einstellungen dieses Servers" },
      set: {
        name: "setzen",
        description: "Ändert eine Einstellung",
        options: { key: SETTING, value: { name: "wert", description: "Der neue Wert" } },
      },
      reset: {
        name: "zurücksetzen",
        description: "Setzt eine Einstellung auf den Standard zurück",
        options: { key: SETTING },
      },
    },
  },
  playlist: {
    name: "playlist",
    description: "Deine gespeicherten Playlists: anlegen, füllen, zeigen, laden, löschen, umbenennen",
    subcommands: {
      create: {
        name: "erstellen",
        description: "Legt eine neue, leere Playlist an",
        options: { name: { name: "name", description: "Ihr Name" } },
      },
      add: {
        name: "hinzufügen",
        description: "Fügt den aktuellen Titel, die Warteschlange, ein Suchergebnis oder einen Link hinzu",
        options: {
          name: PLAYLIST,
          what: { name: "was", description: "current (Standard), queue, Suchbegriffe oder ein Link" },
        },
      },
      remove: {
        name: "entfernen",
        description: "Entfernt einen Titel oder einen Bereich von Titeln",
        options: {
          name: PLAYLIST,
          positions: { name: "positionen", description: "Eine Position (3) oder ein Bereich (2-4)" },
        },
      },
      show: {
        name: "anzeigen",
        description: "Listet die Titel einer Playlist auf",
        options: { name: PLAYLIST, page: PAGE },
      },
      list: { name: "liste", description: "Listet deine Playlists auf" },
      load: {
        name: "laden",
        description: "Reiht eine Playlist in deinem Sprachkanal ein",
        options: { name: PLAYLIST },
      },
      delete: { name: "löschen", description: "Löscht eine Playlist", options: { name: PLAYLIST } },
      rename: {
        name: "umbenennen",
        description: "Gibt einer Playlist einen neuen Namen",
        options: { name: PLAYLIST, new_name: { name: "neuer-name", description: "Der neue Name" } },
      },
    },
  },
  nowplaying: { name: "läuft-gerade", description: "Zeigt den aktuellen Titel mit Fortschritt" },
  lyrics: {
    name: "songtext",
    description: "Zeigt den Songtext des aktuellen Titels",
    options: { page: PAGE },
  },
  ping: { name: "ping", description: "Zeigt Encores Latenz zu Discord und zu den Musik-Nodes" },
  stats: {
    name: "statistik",
    description: "Zeigt Laufzeit, Speicher, Player, Nodes, Caches und Ratenlimit (Server verwalten)",
  },
  help: {
    name: "hilfe",
    description: "Listet die Befehle auf oder zeigt, wie ein Befehl verwendet wird",
    options: { command: { name: "befehl", description: "Ein Befehlsname" } },
  },
};
