import { isUserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { english, sayError } from "../i18n/translate.ts";
import { checkCommandChannel, checkPreconditions, rulesFor } from "./preconditions.ts";
import type { CommandRegistry } from "./registry.ts";
import type { Args, CommandContext } from "./types.ts";

export const GENERIC_ERROR = english("pipeline.genericError");

export type CommandOutcome = "ok" | "refused" | "rate-limited" | "error";

export interface PipelineDeps {
  readonly registry: CommandRegistry;
  readonly logger: Logger;
  /** Observes each run's outcome and, for commands that ran, how long they took in seconds (metrics). */
  readonly onOutcome?: (command: string, outcome: CommandOutcome, seconds?: number) => void;
}

/**
 * The one path every command takes, whichever way it arrived (after the router's rate limit): preconditions →
 * (defer) → lazy handler → run. Refusals (UserError) are answered with their message; anything else is logged with
 * the request's bindings and answered generically.
 */
export async function runCommand(deps: PipelineDeps, ctx: CommandContext, args: Args): Promise<void> {
  const def = ctx.command;
  // ctx.logger is made on first use; debug lines are only asked for when they would be written.
  const debug = deps.logger.isLevelEnabled("debug");
  const started = performance.now();
  try {
    checkCommandChannel(ctx);
    checkPreconditions(ctx, rulesFor(def, args), args);
    // Components answer by editing their message or privately; the router's automatic defer covers slow ones.
    if (def.defer && ctx.source !== "button" && ctx.source !== "select") await ctx.defer();
    const handler = await deps.registry.handler(def);
    await handler.run(ctx, args);
    deps.onOutcome?.(def.name, "ok", (performance.now() - started) / 1000);
    if (debug) ctx.logger.debug({ ms: Math.round(performance.now() - started) }, "command done");
  } catch (err) {
    if (isUserError(err)) {
      deps.onOutcome?.(def.name, "refused", (performance.now() - started) / 1000);
      if (debug) ctx.logger.debug({ code: err.code }, "command refused");
      // A prefix command outside the server's command channels gets no answer: no noise where Encore isn't wanted.
      if (err.code === "WRONG_CHANNEL" && ctx.source === "prefix") return;
      await safeReply(ctx, { content: sayError(ctx.t, err), ephemeral: true });
      return;
    }
    deps.onOutcome?.(def.name, "error", (performance.now() - started) / 1000);
    ctx.logger.error({ err }, "command failed");
    await safeReply(ctx, { content: ctx.t("pipeline.genericError"), ephemeral: true });
  }
}

async function safeReply(ctx: CommandContext, payload: { content: string; ephemeral: boolean }) {
  try {
    await ctx.reply(payload);
  } catch (err) {
    ctx.logger.warn({ err }, "could not send the reply");
  }
}

export type { Args };
