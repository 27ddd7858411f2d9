import { createServer, type Server } from "node:http";
import { StartupError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";

export interface HealthSource {
  /** Liveness: the process and its event loop are working. */
  live(): boolean;
  /** Readiness checks by name; ready when all are true. */
  readiness(): Record<string, boolean>;
  /** Prometheus text exposition of the current metrics, and its content type. */
  metrics(): Promise<{ contentType: string; text: string }>;
}

/** Serves /healthz, /readyz and /metrics (Prometheus text format). */
export class HealthServer {
  private readonly source: HealthSource;
  private readonly logger: Logger;
  private server: Server | null = null;

  constructor(source: HealthSource, logger: Logger) {
    this.source = source;
    this.logger = logger;
  }

  async start(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      if (path === "/healthz") {
        const ok = this.source.live();
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ok }));
      } else if (path === "/readyz") {
        const checks = this.source.readiness();
        const ok = Object.values(checks).every(Boolean);
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ok, checks }));
      } else if (path === "/metrics") {
        this.source.metrics().then(
          (m) => res.writeHead(200, { "content-type": m.contentType }).end(m.text),
          (err: unknown) => {
            this.logger.error({ err }, "metrics collection failed");
            res.writeHead(500, { "content-type": "text/plain" }).end("metrics collection failed\n");
          },
        );
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      }
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err) => reject(explainListenError(err, host, port)));
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    const bound = typeof address === "object" && address ? address.port : port;
    this.logger.info({ host, port: bound }, "health server listening");
    return bound;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port another program holds, or one the user may not bind, in plain words; other errors pass through. */
function explainListenError(err: Error, host: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new StartupError(
      "PORT_IN_USE",
      `HTTP_PORT ${port} on ${host} is already in use by another program (or another Encore): stop it, or set HTTP_PORT to a free port.`,
      { cause: err },
    );
  }
  if (code === "EACCES") {
    return new StartupError(
      "PORT_DENIED",
      `Not allowed to listen on port ${port}: ports below 1024 need extra privileges; set HTTP_PORT to 1024 or above (default 8080).`,
      { cause: err },
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new StartupError(
      "BAD_HTTP_HOST",
      `HTTP_HOST ${host} is not an address of this machine: use 127.0.0.1 (local only) or 0.0.0.0 (every interface).`,
      { cause: err },
    );
  }
  return err;
}
