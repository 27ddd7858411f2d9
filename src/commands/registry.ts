import type { CommandDefinition, CommandHandler } from "./types.ts";

/** The command list with alias lookup and lazily loaded, memoised handlers. */
export class CommandRegistry {
  readonly definitions: readonly CommandDefinition[];
  private readonly byName = new Map<string, CommandDefinition>();
  private readonly handlers = new Map<string, Promise<CommandHandler>>();
  private readonly loadedNames = new Set<string>();

  constructor(definitions: readonly CommandDefinition[]) {
    this.definitions = definitions;
    for (const def of definitions) {
      for (const key of [def.name, ...def.aliases]) {
        const lower = key.toLowerCase();
        if (this.byName.has(lower)) throw new Error(`command name or alias "${key}" is used twice`);
        this.byName.set(lower, def);
      }
    }
  }

  find(nameOrAlias: string): CommandDefinition | undefined {
    return this.byName.get(nameOrAlias.toLowerCase());
  }

  /** Imports the handler module on first use; later calls reuse it. A failed import is retried next time. */
  handler(def: CommandDefinition): Promise<CommandHandler> {
    let pending = this.handlers.get(def.name);
    if (!pending) {
      pending = def.load().then(
        (h) => {
          this.loadedNames.add(def.name);
          return h;
        },
        (err: unknown) => {
          this.handlers.delete(def.name);
          throw err;
        },
      );
      this.handlers.set(def.name, pending);
    }
    return pending;
  }

  /** Names of commands whose handler module has been imported. */
  loaded(): string[] {
    return [...this.loadedNames];
  }
}
