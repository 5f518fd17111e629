import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allDashboards } from "../../dashboards/all-dashboards.js";
import { LOAD_JOB } from "../../dashboards/load-run-dashboard.js";
import { SERVER_JOB } from "../../dashboards/server-panels.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions } from "../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";
import { refusal } from "../support/client.js";
import { panelQueries, substitute, variableSelectors } from "./panel-queries.js";
import {
  freePort,
  loopbackConfig,
  type PrometheusProcess,
  requireBinary,
  startPrometheus,
} from "./prometheus-process.js";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(import.meta.dirname, "fixtures");
/** Grafana's $__rate_interval for a 1 s scrape interval: four scrape intervals. */
const intervals = { rate: "4s", interval: "1s", range: "60s" };
/** prom-client's own gauges named `_total` (nodejs_active_handles_total, ...): promtool's lint rightly flags them. */
const PROM_CLIENT_LINT = /^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/;

interface RangeResult {
  resultType: string;
  result: { metric: Record<string, string>; values: [number, string][] }[];
}

let server: ReferenceServer;
let prometheus: PrometheusProcess;
let reportDir: string;
let loadMetricsText = "";
let window = { start: 0, end: 0 };

function promtool(args: readonly string[], input?: string): { code: number; output: string } {
  try {
    const output = execFileSync("promtool", args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    return { code: 0, output };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Runs `volley load` on the fixture scenario with /metrics on `port`; keeps one /metrics text seen mid-run. */
async function runLoad(target: string, port: number): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      join(root, "bin", "volley.js"),
      "load",
      join(fixtures, "dashboards-load.yml"),
      // 8 s at 1 s scrapes: a busy machine (tsx start-up, other tests) once left a 4 s run with no load-job scrape.
      ...["--target", target, "--vus", "4", "--duration", "8", "--metrics-port", String(port)],
      ...["--budgets", join(fixtures, "dashboards-load.budgets.json"), "--report", reportDir],
    ],
    { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, "exit");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  while (child.exitCode === null && !loadMetricsText.includes("volley_load_latency_seconds_bucket{")) {
    loadMetricsText = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.text(),
      () => "",
    );
    await new Promise((r) => setTimeout(r, 200));
  }
  const [code] = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`volley load exited with ${code}:\n${stderr}`);
}

/** Resolves once Prometheus has scraped the server after `since` (seconds), so a run's last counts are stored. */
async function scrapedAfter(since: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const data = await prometheus.query<RangeResult & { result: { value: [number, string] }[] }>("/api/v1/query", {
      query: `min(timestamp(up{job="${SERVER_JOB}"}))`,
    });
    if (Number(data.result[0]?.value[1] ?? 0) > since) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Prometheus did not scrape the server after the run");
}

beforeAll(async () => {
  requireBinary("prometheus");
  requireBinary("promtool");
  reportDir = mkdtempSync(join(tmpdir(), "volley-dashboards-report-"));
  server = await startReferenceServer({
    apis: ["command-network", "antimony"],
    port: 0,
    options: resolveServerOptions({}),
    fixtures: {},
    log: () => silentLogger,
  });
  const loadPort = await freePort();
  const hostPort = (url: string) => new URL(url).host;
  prometheus = await startPrometheus(
    loopbackConfig(join(root, "dashboards", "prometheus.yml"), {
      [SERVER_JOB]: server.apis.map((a) => hostPort(a.url)),
      [LOAD_JOB]: [`127.0.0.1:${loadPort}`],
    }),
  );
  window = { start: Date.now() / 1000 - 1, end: 0 };
  const commandNetwork = server.apis.find((a) => a.api === "command-network");
  const antimony = server.apis.find((a) => a.api === "antimony");
  if (commandNetwork === undefined || antimony === undefined) throw new Error("server APIs missing");
  // A refused connection (no token), for the Server dashboard's refusals-by-reason series.
  await refusal(`${antimony.url}/lab-commands`);
  await runLoad(commandNetwork.url, loadPort);
  const ended = Date.now() / 1000;
  await scrapedAfter(ended);
  window.end = Date.now() / 1000;
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.close();
  if (reportDir !== undefined) rmSync(reportDir, { recursive: true, force: true });
});

describe("the Prometheus setup", () => {
  it("has a config promtool accepts, as shipped and as run here", () => {
    expect(promtool(["check", "config", join(root, "dashboards", "prometheus.yml")]).code).toBe(0);
    expect(promtool(["check", "config", prometheus.configFile])).toMatchObject({ code: 0 });
  });

  it("scrapes reference-server metrics that promtool accepts, apart from prom-client's own _total gauges", async () => {
    const api = server.apis[0];
    if (api === undefined) throw new Error("no API");
    const text = await (await fetch(`${api.url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    expect(text).toContain("volley_server_handler_duration_seconds_bucket{");
    const { output } = promtool(["check", "metrics"], text);
    const problems = output.split("\n").filter((l) => l.trim() !== "" && !PROM_CLIENT_LINT.test(l.trim()));
    expect(problems).toEqual([]);
  });

  it("scrapes load-run metrics that promtool accepts without a remark", () => {
    expect(loadMetricsText).toContain("volley_load_latency_seconds_bucket{");
    expect(promtool(["check", "metrics"], loadMetricsText)).toEqual({ code: 0, output: "" });
  });
});

describe("process panels", () => {
  it("draw the one reference-server process once, though it is scraped on each of its ports", async () => {
    const query = (expr: string) =>
      prometheus.query<RangeResult>("/api/v1/query_range", {
        query: substitute(expr, intervals),
        start: String(window.start),
        end: String(window.end),
        step: "1",
      });
    // Two APIs, two ports, two instances of one process.
    expect((await query(`up{job="${SERVER_JOB}"}`)).result).toHaveLength(2);
    const server = Object.values(allDashboards).find((d) => d.uid === "volley-server");
    const panels = (server?.panels ?? []).filter((p) =>
      ["Heap and resident memory", "CPU", "Event-loop lag"].includes(p.title),
    );
    expect(panels).toHaveLength(3);
    for (const panel of panels) {
      for (const t of (panel.targets ?? []) as { expr: string }[]) {
        const series = (await query(t.expr)).result as { metric: Record<string, string> }[];
        expect(
          series.map((s) => s.metric.process),
          `${panel.title}: ${t.expr}`,
        ).toEqual(["volley-serve"]);
      }
    }
  });
});

describe.each(Object.entries(allDashboards))("dashboard %s against the run", (_file, d) => {
  it("has variables that each find values", async () => {
    const empty: string[] = [];
    for (const v of variableSelectors(d)) {
      const data = await prometheus.query<unknown[]>("/api/v1/series", {
        "match[]": substitute(v.expr, intervals),
        start: String(window.start),
        end: String(window.end),
      });
      if (data.length === 0) empty.push(v.where);
    }
    expect(empty).toEqual([]);
  });

  it("has panel queries that each return data", async () => {
    const empty: string[] = [];
    for (const q of panelQueries(d)) {
      const data = await prometheus.query<RangeResult>("/api/v1/query_range", {
        query: substitute(q.expr, intervals),
        start: String(window.start),
        end: String(window.end),
        step: "1",
      });
      const values = data.result.flatMap((s) => s.values.map(([, v]) => Number(v)));
      if (!values.some(Number.isFinite)) empty.push(`${q.where}: ${q.expr}`);
    }
    expect(empty).toEqual([]);
  });
});
