import type { Args, GuildContext } from "../types.ts";
import { seekBy } from "./seek-by.ts";

export const run = (ctx: GuildContext, args: Args): Promise<void> => seekBy(ctx, args, 1);
