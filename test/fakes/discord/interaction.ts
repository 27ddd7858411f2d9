import type { MessageRecord } from "./message-store.ts";
import { Recorder } from "./recorder.ts";
import type {
  FakeInteraction,
  InteractionCallbackRecord,
  InteractionResponseView,
  Json,
  RejectedCallback,
} from "./types.ts";

export const InteractionKind = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4 } as const;

export interface InteractionInit {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  deadlineMs: number;
  sourceMessageId: string | null;
}

/** Server-side state of one interaction; the test sees it as a FakeInteraction. */
export class InteractionRecord implements FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly deadlineMs: number;
  readonly sourceMessageId: string | null;
  readonly callbacks: InteractionCallbackRecord[] = [];
  readonly rejected: RejectedCallback[] = [];
  readonly followups: Json[] = [];
  acknowledgedAt: number | null = null;
  autocompleteChoices: Json[] | null = null;
  modal: Json | null = null;
  dispatchedAt = 0;
  /** The message `@original` refers to once acknowledged. */
  originalMessageId: string | null = null;
  followupIds = new Set<string>();
  deferred = false;
  readonly #views = new Recorder<InteractionResponseView>(
    "interaction responses",
    (v) =>
      `${v.ephemeral ? "(ephemeral) " : ""}${JSON.stringify(v.content)} embeds=${v.embeds.length} components=${v.components.length}`,
  );

  constructor(init: InteractionInit) {
    this.id = init.id;
    this.token = init.token;
    this.type = init.type;
    this.guildId = init.guildId;
    this.channelId = init.channelId;
    this.userId = init.userId;
    this.deadlineMs = init.deadlineMs;
    this.sourceMessageId = init.sourceMessageId;
  }

  /** Records what the user now sees as the original response. */
  showResponse(message: MessageRecord): void {
    this.#views.push({
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      flags: message.flags,
      ...(message.allowed_mentions !== undefined ? { allowed_mentions: message.allowed_mentions } : {}),
      ephemeral: message.ephemeral,
      deferred: this.deferred,
    });
  }

  async waitForResponse(
    timeoutMs = 5000,
    pred: (r: InteractionResponseView) => boolean = () => true,
  ): Promise<InteractionResponseView> {
    const latest = [...this.#views.items].reverse().find(pred);
    if (latest) return latest;
    try {
      return await this.#views.waitFor(pred, timeoutMs, `a response to interaction ${this.id}`);
    } catch (error) {
      const callbacks = this.callbacks.map((c) => c.type).join(", ") || "none";
      const rejected = this.rejected.map((r) => `${r.type}→${r.status}/${r.code}`).join(", ") || "none";
      throw new Error(`${(error as Error).message}\n  callbacks accepted: ${callbacks}; rejected: ${rejected}`);
    }
  }

  rejectWaiters(reason: string): void {
    this.#views.rejectAll(reason);
  }
}
