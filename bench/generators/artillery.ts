import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { type Child, spawnCommand } from "../child.js";
import type { EchoLoad } from "./echo-load.js";

/** The two stock Artillery engines the generator benchmark compares with: built-in `socketio` and the v3 plugin. */
export type ArtilleryEngine = "socketio" | "socketio-v3";

const ARTILLERY = fileURLToPath(new URL("../../node_modules/.bin/artillery", import.meta.url));

/**
 * Artillery's equivalent of the echo load: all users arrive within one second, each loops `perVu` times over an
 * acked emit and a think of 1/ratePerVu s. Stock engines have no open schedule, so this is a closed loop paced by
 * the think time: the same rate while acks are fast, which they are against the echo server.
 */
export function artilleryScript(engine: ArtilleryEngine, load: EchoLoad): object {
  return {
    config: {
      target: load.url,
      phases: [{ duration: 1, arrivalCount: load.vus }],
      socketio: { transports: ["websocket"] },
      ...(engine === "socketio-v3" ? { engines: { "socketio-v3": {} } } : {}),
    },
    scenarios: [
      {
        engine,
        flow: [
          {
            loop: [{ emit: { channel: "echo", data: "hello" }, acknowledge: {} }, { think: 1 / load.ratePerVu }],
            count: load.perVu,
          },
        ],
      },
    ],
  };
}

export interface ArtilleryRun {
  readonly child: Child;
  /** Artillery's JSON report (`--output`), readable once the child has exited. */
  readonly reportPath: string;
}

/** Starts `artillery run` on the echo load (node_modules/.bin/artillery, no npm wrapper, so its pid is Artillery's). */
export function startArtillery(engine: ArtilleryEngine, load: EchoLoad): ArtilleryRun {
  const dir = mkdtempSync(join(tmpdir(), "volley-bench-"));
  const scriptPath = join(dir, "script.yml");
  const reportPath = join(dir, "report.json");
  writeFileSync(scriptPath, stringify(artilleryScript(engine, load)));
  return { child: spawnCommand(ARTILLERY, ["run", "--quiet", "--output", reportPath, scriptPath]), reportPath };
}

/** Artillery's summary of `socketio.response_time` (ms, from its sketches), when the engine reports one. */
export function artilleryResponseTime(reportPath: string): { p50: number; p99: number; count: number } | undefined {
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
    aggregate?: { summaries?: Record<string, { p50: number; p99: number; count: number }> };
  };
  return report.aggregate?.summaries?.["socketio.response_time"];
}
