import { createServer, type Server } from "node:http";
import type { Logger } from "../core/logger.ts";

export interface HealthSource {
  /** Liveness: the process and its event loop are working. */
  live(): boolean;
  /** Readiness checks by name; ready when all are true. */
  readiness(): Record<string, boolean>;
  /** Prometheus text exposition of the current metrics. */
  metrics(): string;
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
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(this.source.metrics());
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      }
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
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
