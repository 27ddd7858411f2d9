import { type Client, Events, GatewayIntentBits, IntentsBitField } from "discord.js";
import { StartupError } from "../core/errors.ts";

export interface LoginOptions {
  /** Discord refused the Message Content intent; Encore goes on without it (slash commands only). */
  onMessageContentRefused(): void;
}

const DISALLOWED = /disallowed intents/i;

/**
 * Logs in and waits until the client is ready. When Discord closes the gateway with 4014 because the Message Content
 * intent is not enabled for the bot, logs in again without it instead of stopping: slash commands need no
 * privileged intent. Operator mistakes (bad token, other disallowed intents) become a StartupError that says what
 * to do.
 */
export async function loginAndWaitReady(client: Client, token: string, opts: LoginOptions): Promise<void> {
  try {
    await loginOnce(client, token);
  } catch (err) {
    const intents = new IntentsBitField(client.options.intents);
    if (!isDisallowedIntents(err) || !intents.has(GatewayIntentBits.MessageContent)) throw explainLoginError(err);
    opts.onMessageContentRefused();
    await client.destroy();
    client.options.intents = intents.remove(GatewayIntentBits.MessageContent).freeze();
    // discord.js keeps its gateway manager (and the intents it was built with) across a destroy when the token is
    // the same; dropping it makes the next login build one with the new intents.
    (client.ws as unknown as { _ws: unknown })._ws = null;
    try {
      await loginOnce(client, token);
    } catch (again) {
      throw explainLoginError(again);
    }
  }
}

async function loginOnce(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
}

function isDisallowedIntents(err: unknown): boolean {
  return err instanceof Error && DISALLOWED.test(err.message);
}

/** Plain words for the ways a login fails on an operator's setup; other errors pass through unchanged. */
export function explainLoginError(err: unknown): unknown {
  const e = err as { code?: unknown; status?: unknown; message?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : "";
  if (e?.code === "TokenInvalid" || e?.status === 401 || /401|unauthori[sz]ed|invalid token/i.test(message)) {
    return new StartupError(
      "BAD_TOKEN",
      "Discord rejected the bot token (401). Copy a fresh one from the developer portal (your application → Bot → Reset Token) into DISCORD_TOKEN.",
      { cause: err },
    );
  }
  if (e?.code === "TokenMissing") {
    return new StartupError("BAD_TOKEN", "DISCORD_TOKEN is empty: set it to the bot token from the developer portal.", {
      cause: err,
    });
  }
  const network = networkCode(err);
  if (network) {
    return new StartupError(
      "DISCORD_UNREACHABLE",
      `Cannot reach Discord (${network}): check this machine's internet connection, DNS and firewall (and DISCORD_API_BASE if you set it).`,
      { cause: err },
    );
  }
  if (DISALLOWED.test(message)) {
    return new StartupError(
      "DISALLOWED_INTENTS",
      "Discord refused a privileged intent Encore asked for. Enable it on the Bot page of the developer portal (Privileged Gateway Intents), or set PREFIX_COMMANDS=false.",
      { cause: err },
    );
  }
  return err;
}

const NETWORK_CODES = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
];

/** The network error code of `err` or its cause (fetch wraps them), if it is one. */
function networkCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === "string" && NETWORK_CODES.includes(e.code)) return e.code;
    e = e.cause as { code?: unknown; cause?: unknown } | null;
  }
  return null;
}
