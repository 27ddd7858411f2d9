/** One Lavalink node, parsed from `lavalink://<id>:<password>@<host>:<port>` (`lavalinks://` for TLS). */
export interface LavalinkNodeConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly secure: boolean;
}

/** Parses one node URL; returns a human-readable problem (never containing the password) instead of throwing. */
export function parseNodeUrl(text: string): LavalinkNodeConfig | string {
  const form = "expected lavalink://<id>:<password>@<host>:<port>";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `not a URL (${form})`;
  }
  if (url.protocol !== "lavalink:" && url.protocol !== "lavalinks:") {
    return `scheme must be lavalink:// or lavalinks:// (${form})`;
  }
  const id = decodeURIComponent(url.username);
  if (!id) return `missing node id (${form})`;
  if (!/^[\w.-]{1,64}$/.test(id)) return "node id may contain only letters, digits, '.', '_' and '-'";
  if (!url.password) return `node "${id}": missing password (${form})`;
  if (!url.hostname) return `node "${id}": missing host (${form})`;
  if (!url.port) return `node "${id}": missing port (${form})`;
  const port = Number(url.port);
  let password: string;
  try {
    password = decodeURIComponent(url.password);
  } catch {
    return `node "${id}": password is not valid URL encoding`;
  }
  if (url.protocol === "lavalinks:" && port !== 443) {
    return `node "${id}": TLS (lavalinks://) nodes must use port 443 (put a TLS proxy on 443 in front of Lavalink)`;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { id, host, port, password, secure: url.protocol === "lavalinks:" };
}
