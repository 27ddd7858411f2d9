/** The oldest Node.js Encore runs on: `node:sqlite` without a flag. Keep in step with package.json `engines`. */
export const MIN_NODE = [22, 13] as const;

/** A one-line problem when `version` (e.g. "20.20.2") is older than MIN_NODE, else null. */
export function nodeVersionProblem(version: string): string | null {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null;
  return `it needs Node.js ${MIN_NODE.join(".")} or newer and this is ${version}. Install Node.js 24 LTS (https://nodejs.org), or run the Docker image.`;
}
