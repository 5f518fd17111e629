import { EventEmitter } from "node:events";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReportSchema } from "../../../scenarios/engine/report.js";
import { startLoadServer } from "../load-server.js";

const require = createRequire(import.meta.url);

interface Engine {
  createScenario(spec: unknown, ee: EventEmitter): (ctx: { vars: object }, done: (err: Error | null) => void) => void;
}

describe("artillery-engine-volley", () => {
  it("loads by its package name, runs Artillery users, feeds Artillery's metrics and leaves an exact report", async () => {
    const server = await startLoadServer({ delayMs: 5 });
    const reportDir = mkdtempSync(join(tmpdir(), "volley-artillery-"));
    // As Artillery's runner does: require("artillery-engine-" + name), then new Engine(script, ee, helpers).
    const VolleyEngine = require("artillery-engine-volley") as new (script: object) => Engine;
    const engine = new VolleyEngine({ config: { target: server.url, volley: { reportDir } } });
    const ee = new EventEmitter();
    const counters = new Map<string, number>();
    const histogram: number[] = [];
    ee.on("counter", (name: string, n: number) => counters.set(name, (counters.get(name) ?? 0) + n));
    ee.on("histogram", (name: string, ms: number) => name === "volley.ack:echo" && histogram.push(ms));
    const user = engine.createScenario(
      {
        engine: "volley",
        flow: [{ openLoop: { rate: 50, durationSeconds: 0.2, emitAck: { event: "echo", args: ["x"] } } }],
      },
      ee,
    );
    await Promise.all(
      [1, 2, 3].map(
        () => new Promise<void>((resolve, reject) => user({ vars: {} }, (err) => (err ? reject(err) : resolve()))),
      ),
    );
    expect(counters.get("volley.ack:echo.delivered")).toBe(30);
    expect(histogram).toHaveLength(30);
    expect(Math.min(...histogram)).toBeGreaterThanOrEqual(4);
    const files = readdirSync(reportDir);
    expect(files).toHaveLength(1);
    const report = loadReportSchema.parse(JSON.parse(readFileSync(join(reportDir, files[0] ?? ""), "utf8")));
    expect(report.metrics["ack:echo"]?.outcomes.delivered).toBe(30);
  }, 20_000);
});
