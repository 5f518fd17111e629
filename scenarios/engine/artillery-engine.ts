import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { Measurements } from "./measurements.js";
import { buildReport } from "./report.js";
import { runSetup, runUser } from "./runner.js";
import { scenarioSchema } from "./scenario.js";
import { fillVars } from "./template.js";

/** The parts of Artillery's runner the engine touches (Artillery 2, `@artilleryio/int-core/lib/runner.js`). */
interface ArtilleryEvents {
  emit(event: "started"): unknown;
  emit(event: "counter", name: string, value: number): unknown;
  emit(event: "histogram", name: string, value: number): unknown;
  emit(event: "error", code: string): unknown;
}
interface ArtilleryScript {
  config: { target?: string; volley?: { reportDir?: string }; variables?: Record<string, string> };
}
type ArtilleryContext = { vars: Record<string, unknown> };

/**
 * `engine: volley` for Artillery: each Artillery virtual user runs one Volley user (connect, flow, disconnect).
 * Artillery's own metrics get `volley.<metric>` summaries (its sketches, about 1% precision) and outcome counters;
 * the exact HDR histograms go, per worker, to `config.volley.reportDir` as Volley reports whenever the worker's
 * last user finishes, for `volley gate` / `volley report` to merge.
 */
export class VolleyEngine {
  private readonly measurements = new Measurements();
  private forwarding = false;
  private nextUser = 0;

  constructor(private readonly script: ArtilleryScript) {}

  createScenario(spec: unknown, ee: ArtilleryEvents) {
    const missing = new Set<string>();
    const scenario = scenarioSchema.parse(fillVars(spec, this.script.config.variables ?? {}, missing));
    if (missing.size > 0) throw new Error(`set config.variables for {{var.${[...missing].join("}}, {{var.")}}}`);
    this.forwardTo(ee);
    let setup: Promise<void> | undefined;
    return (context: ArtilleryContext, done: (err: Error | null, context: ArtilleryContext) => void) => {
      ee.emit("started");
      const target = String(context.vars.target ?? this.script.config.target ?? "");
      setup ??= runSetup(scenario, target, this.measurements);
      setup
        .then(() => runUser(scenario, target, this.nextUser++, {}, this.measurements))
        .then(
          () => done(null, context),
          (err: Error) => done(err, context),
        );
    };
  }

  private forwardTo(ee: ArtilleryEvents): void {
    if (this.forwarding) return;
    this.forwarding = true;
    const m = this.measurements;
    m.on("delivered", (metric, micros) => {
      ee.emit("counter", `volley.${metric}.delivered`, 1);
      if (micros !== undefined) ee.emit("histogram", `volley.${metric}`, micros / 1000);
    });
    m.on("failed", (metric, outcome, code) => {
      ee.emit("counter", `volley.${metric}.${outcome}`, 1);
      ee.emit("error", `volley.${code}`);
    });
    // One timeline point a second for the HTML report; unref'd so it never keeps a finished worker alive.
    setInterval(() => m.tick(), 1000).unref();
    const reportDir = this.script.config.volley?.reportDir;
    if (reportDir !== undefined) m.on("users", (active) => active === 0 && this.writeReport(reportDir));
  }

  /** Synchronous so that a worker that ends right after its last user still leaves its report. */
  private writeReport(dir: string): void {
    const report = buildReport(this.measurements, {
      scenario: "artillery",
      target: this.script.config.target ?? "",
      plan: { vus: this.nextUser, rate: null, durationSeconds: null },
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `volley-${process.pid}-${threadId}.json`), JSON.stringify(report));
  }
}
