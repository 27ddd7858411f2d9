import { isUserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Cooldowns } from "./cooldowns.ts";
import { checkPreconditions } from "./preconditions.ts";
import type { CommandRegistry } from "./registry.ts";
import type { Args, CommandContext } from "./types.ts";

export const GENERIC_ERROR = "Something went wrong while running that command. It has been logged.";

export interface PipelineDeps {
  readonly registry: CommandRegistry;
  readonly cooldowns: Cooldowns;
  readonly defaultCooldownMs: number;
  readonly logger: Logger;
  /** Observes each run's outcome (metrics). */
  readonly onOutcome?: (command: string, outcome: "ok" | "refused" | "cooldown" | "error") => void;
}

/**
 * The one path every command takes, whichever way it arrived: preconditions → cooldown → (defer) →
 * lazy handler → run. Refusals (UserError) are answered with their message; anything else is logged with
 * the request's bindings and answered generically.
 */
export async function runCommand(deps: PipelineDeps, ctx: CommandContext, args: Args): Promise<void> {
  const def = ctx.command;
  const log = ctx.logger;
  const started = performance.now();
  try {
    checkPreconditions(ctx, def.preconditions);
    const wait = deps.cooldowns.take(`${ctx.user.id}:${def.name}`, def.cooldownMs ?? deps.defaultCooldownMs);
    if (wait > 0) {
      deps.onOutcome?.(def.name, "cooldown");
      await ctx.reply({ content: `Slow down: try again in ${Math.ceil(wait / 1000)}s.`, ephemeral: true });
      return;
    }
    // Components answer by editing their message or privately; the router's automatic defer covers slow ones.
    if (def.defer && ctx.source !== "button" && ctx.source !== "select") await ctx.defer();
    const handler = await deps.registry.handler(def);
    await handler.run(ctx, args);
    deps.onOutcome?.(def.name, "ok");
    log.debug({ ms: Math.round(performance.now() - started) }, "command done");
  } catch (err) {
    if (isUserError(err)) {
      deps.onOutcome?.(def.name, "refused");
      log.debug({ code: err.code }, "command refused");
      await safeReply(ctx, log, { content: err.message, ephemeral: true });
      return;
    }
    deps.onOutcome?.(def.name, "error");
    log.error({ err }, "command failed");
    await safeReply(ctx, log, { content: GENERIC_ERROR, ephemeral: true });
  }
}

async function safeReply(ctx: CommandContext, log: Logger, payload: { content: string; ephemeral: boolean }) {
  try {
    await ctx.reply(payload);
  } catch (err) {
    log.warn({ err }, "could not send the reply");
  }
}

export type { Args };
