import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ProtocolDefinition } from "../../protocols/protocol.js";
import type { ApiModule } from "../../reference-server/api-module.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions, type ServerOptionsInput } from "../../reference-server/options.js";
import { type RunningApi, startApi } from "../../reference-server/shell.js";
import { connect, emitAck } from "../support/client.js";

// A toy API served by the real shell, with handlers that fail in each way a handler can.
const protocol: ProtocolDefinition = {
  name: "command-network",
  title: "shell handler toy",
  document: "none",
  realServerSocketIo: 4,
  namespaces: [{ pattern: "/", clientEvents: ["throws", "rejects", "later"], serverEvents: [], doc: "none" }],
};
const toy: ApiModule<object> = {
  protocol,
  fixtures: z.object({}),
  faults: [],
  start(ctx) {
    ctx.io.on("connection", (socket) => {
      ctx.on(socket, "throws", () => {
        throw new Error("sync");
      });
      ctx.on(socket, "rejects", async () => {
        throw new Error("async");
      });
      ctx.on(socket, "later", async (ack) => {
        await new Promise((resolve) => setImmediate(resolve));
        (ack as (r: string) => void)("done");
      });
    });
    return { describe: () => [], close() {} };
  },
};

const running: RunningApi[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function serve(options: ServerOptionsInput = {}): Promise<string> {
  const api = await startApi(toy, {}, resolveServerOptions(options), 0, silentLogger);
  running.push(api);
  return api.url;
}

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
}

const series = (name: string, labels: string) => `${name}{${labels}}`;

describe("the server shell's handler wrapper", () => {
  it("counts a handler that throws or rejects as error internal, times every call and keeps serving the socket", async () => {
    const url = await serve();
    const socket = await connect(url);
    socket.emit("throws");
    socket.emit("rejects");
    // Events on one socket run in order, and the rejection is handled before `later` has waited its turn.
    expect(await emitAck(socket, "later")).toBe("done");
    const text = await scrape(url);
    expect(text).toContain(`${series("volley_server_errors_total", 'api="command-network",code="internal"')} 2`);
    for (const event of ["throws", "rejects", "later"]) {
      const labels = `api="command-network",namespace="/",event="${event}"`;
      expect(text).toContain(`${series("volley_server_handler_duration_seconds_count", labels)} 1`);
      expect(text).toContain(`${series("volley_server_events_received_total", labels)} 1`);
    }
  });

  it("holds every handler for delayMs before it runs", async () => {
    const url = await serve({ delayMs: 150 });
    const socket = await connect(url);
    const started = performance.now();
    expect(await emitAck(socket, "later")).toBe("done");
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});
