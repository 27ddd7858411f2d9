import type { Args, CommandContext } from "../types.ts";
import { seekBy } from "./seek-by.ts";

export const run = (ctx: CommandContext, args: Args): Promise<void> => seekBy(ctx, args, 1);
