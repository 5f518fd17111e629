import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LOAD_JOB } from "../../dashboards/load-run-dashboard.js";
import { SERVER_JOB } from "../../dashboards/server-panels.js";
import { API_NAMES } from "../../protocols/protocol.js";
import { DEFAULT_PORT } from "../../src/cli/serve.js";
import { requireBinary } from "./prometheus-process.js";

const root = join(import.meta.dirname, "..", "..");

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  profiles?: string[];
  network_mode?: string;
}
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as { services: Record<string, Service> };
const scrape = parse(readFileSync(join(root, "dashboards", "prometheus.yml"), "utf8")) as {
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
};
const targetsOf = (job: string) => scrape.scrape_configs.find((c) => c.job_name === job)?.static_configs[0]?.targets;
const service = (name: string): Service => {
  const s = compose.services[name];
  if (s === undefined) throw new Error(`no service ${name}`);
  return s;
};

describe("docker-compose.yml", () => {
  // docker-compose validates every service, profiled or not; the profiles are named so that `config` lists them all.
  it("is valid for docker-compose (config -q), with every profile", { timeout: 40_000 }, () => {
    requireBinary("docker-compose");
    const args = ["-f", "docker-compose.yml", "--profile", "load", "--profile", "k6", "config", "-q"];
    expect(() => execFileSync("docker-compose", args, { cwd: root, stdio: "pipe" })).not.toThrow();
  });

  it("mounts only files and folders that exist in the repository", () => {
    const sources = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(":")[0] ?? "")
      .filter((src) => src.startsWith("./") && src !== "./reports");
    expect(sources.length).toBeGreaterThan(2);
    for (const src of sources) expect(existsSync(join(root, src)), src).toBe(true);
  });

  it("has Prometheus scrape one port per API of `volley serve`, as the volley service listens on all interfaces", () => {
    expect(targetsOf(SERVER_JOB)).toEqual(API_NAMES.map((_, i) => `volley:${DEFAULT_PORT + i}`));
    expect(service("volley").command).toEqual(["serve", "--host", "0.0.0.0"]);
    expect(service("volley").environment?.VOLLEY_HOST).toBe("0.0.0.0");
  });

  it("runs the load service on demand, in Prometheus's network namespace, on the port Prometheus scrapes", () => {
    const load = service("load");
    expect(load.profiles).toEqual(["load"]);
    expect(load.network_mode).toBe("service:prometheus");
    const port = load.command?.find((a) => a.startsWith("--metrics-port="))?.split("=")[1];
    expect(targetsOf(LOAD_JOB)).toEqual([`localhost:${port}`]);
  });

  it("provisions Grafana from files with anonymous viewing, and accepts k6 remote write under the k6 profile", () => {
    const grafana = service("grafana");
    expect(grafana.environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: "true",
      GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer",
    });
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        "./dashboards/provisioning:/etc/grafana/provisioning:ro",
        "./dashboards/grafana:/var/lib/grafana/dashboards/volley:ro",
      ]),
    );
    expect(service("prometheus").command).toContain("--web.enable-remote-write-receiver");
    expect(service("k6").profiles).toEqual(["k6"]);
  });

  it("points Grafana's dashboard provider at the folder it mounts the dashboards in", () => {
    const provider = parse(readFileSync(join(root, "dashboards/provisioning/dashboards/volley.yml"), "utf8")) as {
      providers: { options: { path: string } }[];
    };
    expect(provider.providers[0]?.options.path).toBe("/var/lib/grafana/dashboards/volley");
  });
});
