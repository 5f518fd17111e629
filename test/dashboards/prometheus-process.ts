import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";

/** A real Prometheus on loopback, on its own port and data directory; never the Debian package's service. */
export interface PrometheusProcess {
  readonly url: string;
  readonly configFile: string;
  query<T>(path: string, params: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "run ./scripts/install-system-deps.sh (Debian's prometheus package provides prometheus and promtool)";

export function requireBinary(name: string): void {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error(`${name} is not installed: ${INSTALL_HINT}`);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * dashboards/prometheus.yml with a 1 s scrape interval and each job's targets replaced: the same job names the
 * dashboards select on, pointed at servers this test started.
 */
export function loopbackConfig(source: string, targets: Record<string, readonly string[]>): string {
  const config = parse(readFileSync(source, "utf8")) as {
    global: Record<string, string>;
    scrape_configs: { job_name: string; static_configs: { targets: string[]; labels?: Record<string, string> }[] }[];
  };
  config.global.scrape_interval = "1s";
  config.global.evaluation_interval = "1s";
  for (const job of config.scrape_configs) {
    const replacement = targets[job.job_name];
    if (replacement === undefined) throw new Error(`no loopback targets for job ${job.job_name}`);
    // The labels stay: the dashboards read `process` from them.
    job.static_configs = [{ ...job.static_configs[0], targets: [...replacement] }];
  }
  return stringify(config);
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus not ready within 15 s:\n${log()}`);
}

export async function startPrometheus(config: string): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), "volley-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-remote-write-receiver",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    configFile,
    async query<T>(path: string, params: Record<string, string>): Promise<T> {
      const res = await fetch(`${url}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== "success") throw new Error(`${path} ${JSON.stringify(params)}: ${body.error}`);
      return body.data;
    },
    stop,
  };
}
