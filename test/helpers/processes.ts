import { readdirSync, readFileSync } from "node:fs";

/** Child processes of `parentPid` whose command line contains `name` (from /proc, as `ps` would see them). */
export function childProcesses(name: string, parentPid: number = process.pid): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces; the parent pid is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== parentPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(name)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
