// Runs before `npm start`: a missing build gets one plain line instead of Node's MODULE_NOT_FOUND stack.
import { existsSync } from "node:fs";
import { join } from "node:path";

if (!existsSync(join(process.cwd(), "dist", "index.js"))) {
  process.stderr.write(
    "Encore is not built yet: run `npm run build` first, then `npm start` (or `npm run dev` to run from source).\n",
  );
  process.exit(1);
}
