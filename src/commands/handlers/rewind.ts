import type { SEEK_BY_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";
import { seekBy } from "./seek-by.ts";

export const run = (ctx: GuildContext, args: ArgsOf<typeof SEEK_BY_OPTIONS>): Promise<void> => seekBy(ctx, args, -1);
