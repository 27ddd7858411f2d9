/** One Lavalink node, parsed from `lavalink://<id>[:<password>]@<host>:<port>` (`lavalinks://` for TLS). */
export interface LavalinkNodeConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly secure: boolean;
}

/** A parsed node whose password may still be missing (it then comes from LAVALINK_PASSWORD). */
export type ParsedNode = Omit<LavalinkNodeConfig, "password"> & { readonly password: string | null };

const FORM = "write lavalink://<id>@<host>:<port> and put the password in LAVALINK_PASSWORD";
const ENCODE_HINT = "or URL-encode it inside the URL (/ → %2F, + → %2B, = → %3D, @ → %40, : → %3A, , → %2C, % → %25)";

/**
 * Parses one node entry; returns a problem (never containing the password) that says how to fix it instead of
 * throwing. A password is optional: nodes given without one use LAVALINK_PASSWORD.
 */
export function parseNodeUrl(text: string): ParsedNode | string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "lavalink" && scheme !== "lavalinks") {
    return `scheme must be lavalink:// or lavalinks:// (${FORM})`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The usual cause is a raw password holding '/', '#', '?', '@' or a comma; say so without echoing it.
    return text.includes("@")
      ? `is not a valid node URL; a password with characters such as / + = @ , breaks it: ${FORM} (any character works there), ${ENCODE_HINT}`
      : `is not a valid node URL (${FORM})`;
  }
  if (url.pathname && url.pathname !== "/") {
    return `has a path after the port; a password holding '/' breaks the URL: ${FORM}, ${ENCODE_HINT}`;
  }
  if (url.search || url.hash) return `has '?' or '#' in it; if the password holds them: ${FORM}, ${ENCODE_HINT}`;
  let id: string;
  try {
    id = decodeURIComponent(url.username);
  } catch {
    return `node id is not valid URL encoding (${FORM})`;
  }
  if (!id) return `missing node id (${FORM})`;
  if (!/^[\w.-]{1,64}$/.test(id)) return "node id may contain only letters, digits, '.', '_' and '-'";
  if (!url.hostname) return `node "${id}": missing host (${FORM})`;
  if (!url.port) return `node "${id}": missing port (${FORM})`;
  let password: string | null = null;
  if (url.password) {
    try {
      password = decodeURIComponent(url.password);
    } catch {
      return `node "${id}": password is not valid URL encoding: ${FORM}, ${ENCODE_HINT}`;
    }
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { id, host, port: Number(url.port), password, secure: url.protocol === "lavalinks:" };
}
