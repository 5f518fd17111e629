import { createServer, type Server as HttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Server } from "socket.io";
import { createServerMetrics } from "../metrics/server-metrics.js";
import type { ApiName } from "../protocols/protocol.js";
import type { ApiContext, ApiInstance, ApiModule } from "./api-module.js";
import { CONNECT_REFUSALS, guardConnections } from "./connection-guard.js";
import { handlerDurations, initialiseSeries, instrumentConnections, labeller } from "./instrumentation.js";
import type { Logger } from "./logger.js";
import type { ServerOptions } from "./options.js";
import { capOutgoingBuffers } from "./outgoing-cap.js";

const LISTEN_BACKLOG = 4096;

export interface RunningApi {
  readonly api: ApiName;
  readonly port: number;
  /** The base URL a Socket.IO client connects to (default path `/socket.io/`). */
  readonly url: string;
  readonly instance: ApiInstance;
  readonly io: Server;
  close(): Promise<void>;
}

/**
 * Serves one API on its own HTTP server and port, as its real server would be reached: Socket.IO at the default
 * path for v4 clients and, through `allowEIO3`, for old 2.x clients; `/metrics` and `/healthz` beside it.
 */
export async function startApi<F>(
  module: ApiModule<F>,
  fixtures: F,
  options: ServerOptions,
  port: number,
  log: Logger,
): Promise<RunningApi> {
  const api = module.protocol.name;
  const metrics = createServerMetrics();
  const labels = labeller(module.protocol);
  let instance: ApiInstance | undefined;

  const http: HttpServer = createServer((req, res) => {
    route(req, res).catch((err) => {
      // The path only: a query string can carry a token (Socket.IO 2 clients, NestMTX `?token=`).
      log.error(`HTTP ${req.method} ${(req.url ?? "/").split("?")[0]}`, err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      flushCounts();
      durations.flush();
      res.end(await metrics.registry.metrics());
    } else if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", api, uptimeSeconds: process.uptime(), sockets: io.engine.clientsCount }));
    } else if (!instance?.http?.(req, res)) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: `no route ${req.method} ${path}` } }));
    }
  };

  const io = new Server(http, {
    allowEIO3: true,
    maxHttpBufferSize: options.limits.maxPayloadBytes,
    // Dynamic namespaces (Antimony shells and logs) must not outlive their last socket.
    cleanupEmptyChildNamespaces: true,
  });
  capOutgoingBuffers(io, options.limits.maxOutgoingBufferBytes, (id, bytes) => {
    metrics.errorsTotal.inc({ api, code: "slow_consumer" });
    log.warn(`dropped client ${id}: ${bytes} unsent bytes, over limits.maxOutgoingBufferBytes`);
  });
  guardConnections(io, options.limits.maxNamespacesPerConnection, (refusal, socket) => {
    metrics.errorsTotal.inc({ api, code: refusal });
    log.warn(`refused a client from ${socket.handshake.address} on ${socket.nsp.name}: ${CONNECT_REFUSALS[refusal]}`);
  });
  initialiseSeries(module.protocol, metrics);
  const flushCounts = instrumentConnections(io, api, metrics, labels);
  const durations = handlerDurations(metrics.handlerDurationSeconds, api);

  const ctx: ApiContext = {
    io,
    options,
    log,
    on(socket, event, fn) {
      const duration = durations.of(labels.namespace(socket.nsp.name), labels.incoming(socket.nsp.name, event));
      const failed = (err: unknown) => {
        metrics.errorsTotal.inc({ api, code: "internal" });
        log.error(`handler ${socket.nsp.name} ${event} threw`, err);
      };
      const observe = (started: number) => duration.add((performance.now() - started) / 1000);
      // Synchronous unless the handler returns a promise: most handlers answer at once, and an async wrapper
      // would cost every message a promise and a microtask.
      const run = (args: unknown[]) => {
        const started = performance.now();
        try {
          const result = fn(...args);
          if (result instanceof Promise) {
            result.then(
              () => observe(started),
              (err: unknown) => {
                failed(err);
                observe(started);
              },
            );
            return;
          }
        } catch (err) {
          failed(err);
        }
        observe(started);
      };
      if (options.delayMs > 0) socket.on(event, (...args: unknown[]) => setTimeout(run, options.delayMs, args));
      else socket.on(event, (...args: unknown[]) => run(args));
    },
    countError: (code) => metrics.errorsTotal.inc({ api, code: String(code) }),
    countRefusal: (namespace, reason) =>
      metrics.connectionRefusalsTotal.inc({ api, namespace: labels.namespace(namespace), reason }),
    faulty: (name) => options.fault === name,
  };
  instance = module.start(ctx, fixtures);

  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      // Node's default accept backlog (511) overflows when thousands of clients connect at once (a connect storm):
      // the kernel then drops SYNs and clients retry after 1 s, 3 s, ... A load target wants the kernel's own cap
      // (net.core.somaxconn, which bounds this value anyway).
      http.listen({ port, host: options.host, backlog: LISTEN_BACKLOG }, () => resolve());
    });
  } catch (err) {
    // The API already runs (NestMTX's log feed is a timer): left running, it would keep the process alive for ever.
    instance.close();
    io.close();
    throw err;
  }
  const bound = (http.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    api,
    port: bound,
    url: `http://${host}:${bound}`,
    instance,
    io,
    async close() {
      instance?.close();
      // io.close() disconnects every socket and closes the HTTP server.
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
