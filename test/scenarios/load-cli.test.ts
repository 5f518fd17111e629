import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createRequire } from "node:module";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Server } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { loadReportSchema } from "../../scenarios/engine/report.js";
import { volley as spawnVolley } from "../reliability/cli-process.js";
import { listenOnLoopback } from "../support/loopback.js";
import { startTestApi } from "../support/server.js";
import { type SelfSigned, selfSignedCertificate } from "../support/tls.js";
import { startLoadServer } from "./load-server.js";

const require = createRequire(import.meta.url);

function volley(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", ["bin/volley.js", ...args], { timeout: 25_000 }, (err, _stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number(err.code), stderr }),
    );
  });
}

const SCRIPT = `
config: { target: "http://127.0.0.1:1" }
scenarios:
  - engine: volley
    flow:
      - openLoop: { rate: 10, durationSeconds: 1, emitAck: { event: "echo", args: ["{{seq}}"], timeoutMs: 5000 } }
`;

describe("volley load", () => {
  it("writes JSON and HTML reports, passes budgets on a quick server and exits 1 naming p99 on one slowed by 1.5 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-"));
    writeFileSync(join(dir, "echo.yml"), SCRIPT);
    writeFileSync(join(dir, "budgets.json"), JSON.stringify({ metrics: { "ack:echo": { p99: 1000, errorRate: 0 } } }));
    const [quick, slowed] = await Promise.all([startLoadServer(), startLoadServer({ delayMs: 1500 })]);
    const run = (url: string, out: string) =>
      volley([
        "load",
        join(dir, "echo.yml"),
        "--target",
        url,
        "--vus",
        "2",
        "--rate",
        "40",
        "--duration",
        "1",
        "--report",
        join(dir, out),
        "--budgets",
        join(dir, "budgets.json"),
      ]);
    const [pass, fail] = await Promise.all([run(quick.url, "quick"), run(slowed.url, "slowed")]);

    expect(pass.stderr).toContain("ok: ack:echo.p99 <= 1000");
    expect(pass.code).toBe(0);
    const report = loadReportSchema.parse(JSON.parse(readFileSync(join(dir, "quick", "report.json"), "utf8")));
    expect(report.metrics["ack:echo"]?.outcomes.delivered).toBe(40);
    expect(existsSync(join(dir, "quick", "report.html"))).toBe(true);

    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/fail: ack:echo\.p99 <= 1000 \(measured 1\d{3}\.\d+ ms\)/);
  }, 40_000);
});

/** A Socket.IO echo server (acks `echo` with its argument), refusing every `refuseEvery`-th connection if asked. */
async function echoServer(opts: { generation?: 2 | 4; tls?: SelfSigned; refuseEvery?: number } = {}) {
  const http =
    opts.tls === undefined ? createHttpServer() : createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key });
  type Io = {
    use(fn: (socket: unknown, next: (err?: Error) => void) => void): void;
    on(
      event: "connection",
      fn: (socket: { on(e: string, fn: (d: unknown, ack: (d: unknown) => void) => void): void }) => void,
    ): void;
    close(done?: () => void): void;
  };
  const io = (opts.generation === 2
    ? (require("socket.io-v2") as (h: typeof http) => Io)(http)
    : new Server(http)) as unknown as Io;
  let connections = 0;
  io.use((_socket, next) => {
    connections += 1;
    const refuse = opts.refuseEvery !== undefined && connections % opts.refuseEvery === 0;
    next(refuse ? new Error("Unauthorized") : undefined);
  });
  io.on("connection", (socket) => socket.on("echo", (data, ack) => ack(data)));
  const server = await listenOnLoopback(http as HttpServer, io);
  servers.add(server);
  return opts.tls === undefined ? server.url : server.url.replace("http:", "https:");
}

const servers = new Set<{ close(): Promise<void> }>();
afterEach(async () => {
  await Promise.all([...servers].map((s) => s.close()));
  servers.clear();
});

/**
 * An echo scenario: `rate` acked emits a second per user for `seconds`, acks awaited `timeoutMs`, connects
 * `connectTimeoutMs` (the engine's default when absent).
 */
function echoScript(
  dir: string,
  opts: { rate: number; seconds: number; timeoutMs?: number; connectTimeoutMs?: number },
): string {
  const path = join(dir, "echo.yml");
  const connection = opts.connectTimeoutMs === undefined ? "" : `\n    volley: { timeoutMs: ${opts.connectTimeoutMs} }`;
  writeFileSync(
    path,
    `config: { target: "http://127.0.0.1:1" }
scenarios:
  - engine: volley${connection}
    flow:
      - openLoop: { rate: ${opts.rate}, durationSeconds: ${opts.seconds}, emitAck: { event: "echo", args: ["{{seq}}"], timeoutMs: ${opts.timeoutMs ?? 5_000} } }
`,
  );
  return path;
}

/** A loopback port nothing listens on any more: connections to it are refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createHttpServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const readReport = (dir: string) => loadReportSchema.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));

describe("volley load against servers it did not write", () => {
  it("exits 2 in under 5 s with one line and leaves an earlier report alone when nothing Socket.IO answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-unreachable-"));
    const script = echoScript(dir, { rate: 1, seconds: 1 });
    const refusedPort = await closedPort();
    const plain = createHttpServer((_req, res) =>
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>no</h1>"),
    );
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    // Accepts the TCP connection and never answers: the probe's own deadline is all that ends the wait.
    const silent = createNetServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const cases = [
      { target: `http://127.0.0.1:${refusedPort}`, says: /connection refused \(ECONNREFUSED\)/ },
      { target: plainUrl, says: /is not a Socket\.IO server: .*HTTP 404 text\/html/ },
      { target: "htp:/x", says: /"htp:\/x" is not an http\(s\) URL/ },
      { target: silentUrl, says: /no HTTP answer from http:\/\/127\.0\.0\.1:\d+ within 2000 ms/ },
    ];
    try {
      const runs = await Promise.all(
        cases.map(async ({ target }, i) => {
          const reportDir = join(dir, `r${i}`);
          mkdirSync(reportDir);
          writeFileSync(join(reportDir, "report.json"), "earlier");
          const started = performance.now();
          const run = await volley(["load", script, "--target", target, "--report", reportDir]);
          return { ...run, ms: performance.now() - started, reportDir };
        }),
      );
      // The refused port fails as soon as the CLI has started: what the others take beyond it is their probe's.
      const startUp = runs[0]?.ms ?? Number.NaN;
      for (const [i, run] of runs.entries()) {
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^volley: [^\\n]*${cases[i]?.says.source}[^\\n]*\\n$`));
        expect(run.ms - startUp).toBeLessThan(5_000);
        expect(readFileSync(join(run.reportDir, "report.json"), "utf8")).toBe("earlier");
        expect(existsSync(join(run.reportDir, "report.html"))).toBe(false);
      }
    } finally {
      plain.close();
      silent.close();
    }
  }, 30_000);

  it("finds a Socket.IO 2 server's generation by itself, and --sio-version 4 against it is one line and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-v2-"));
    const script = echoScript(dir, { rate: 10, seconds: 1 });
    const url = await echoServer({ generation: 2 });
    const [auto, forced] = await Promise.all([
      volley(["load", script, "--target", url, "--vus", "2", "--report", join(dir, "auto")]),
      volley(["load", script, "--target", url, "--sio-version", "4", "--report", join(dir, "forced")]),
    ]);
    expect(auto.stderr).toContain("(Socket.IO 2)");
    expect(auto.code).toBe(0);
    expect(readReport(join(dir, "auto")).metrics["ack:echo"]?.outcomes.delivered).toBe(20);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/^volley: --sio-version 4 does not fit: the server speaks Socket\.IO 2[^\n]*\n$/);
  }, 40_000);

  it("fails a run in which a user never connected, saying so first in report.json and the summary; --max-connect-failures allows it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-refused-"));
    const script = echoScript(dir, { rate: 5, seconds: 1 });
    const [strictUrl, lenientUrl] = await Promise.all([echoServer({ refuseEvery: 4 }), echoServer({ refuseEvery: 4 })]);
    const [strict, lenient] = await Promise.all([
      volley(["load", script, "--target", strictUrl, "--vus", "4", "--report", join(dir, "strict")]),
      volley([
        ...["load", script, "--target", lenientUrl, "--vus", "4", "--report", join(dir, "lenient")],
        ...["--max-connect-failures", "25%"],
      ]),
    ]);
    expect(strict.code).toBe(1);
    const notSent = "5 of 20 messages failed (ack:echo: not sent: the user never connected x5)";
    const status = `failed: 1 of 4 users never connected (connect: Unauthorized x1); ${notSent}`;
    expect(readFileSync(join(dir, "strict", "report.json"), "utf8").split("\n")[1]).toBe(`  "status": "${status}",`);
    expect(strict.stderr).toContain(`\n\n${status}\necho against`);
    expect(strict.stderr).toContain("after connect failed: 1 users stopped, 1 steps not run");
    // The refused user's five planned messages are settled too: the outcomes add up to the plan of 4 x 5.
    expect(readReport(join(dir, "strict")).metrics["ack:echo"]?.outcomes).toEqual({
      delivered: 15,
      lost: 0,
      errored: 5,
      timedOut: 0,
    });
    expect(lenient.code).toBe(0);
    expect(readReport(join(dir, "lenient")).status).toBe(`ok, but ${notSent}`);
  }, 40_000);

  it("counts a connect that times out as timed out with its cause, not as errored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-connect-timeout-"));
    const path = echoScript(dir, { rate: 5, seconds: 1, timeoutMs: 1000, connectTimeoutMs: 1000 });
    // The probe's polling handshake is answered; every second WebSocket upgrade is never answered, so that
    // user's client gives up at its connect timeout.
    const http = createHttpServer();
    let upgrades = 0;
    const hung: { destroy(): void }[] = [];
    const io = new Server(http, {
      allowRequest: (req, answer) => {
        const ws = req.url?.includes("transport=websocket") === true;
        if (ws) upgrades += 1;
        if (!ws || upgrades % 2 === 1) answer(null, true);
        else hung.push(req.socket);
      },
    });
    io.on("connection", (socket) => socket.on("echo", (data: unknown, ack: (d: unknown) => void) => ack(data)));
    const server = await listenOnLoopback(http, io);
    servers.add(server);
    const run = await volley(["load", path, "--target", server.url, "--vus", "2", "--report", dir]);
    // The unanswered upgrades would keep the server from closing.
    for (const socket of hung) socket.destroy();
    expect(hung.length).toBe(1);
    expect(run.code).toBe(1);
    const report = readReport(dir);
    expect(report.metrics.connect?.outcomes).toEqual({ delivered: 1, lost: 0, errored: 0, timedOut: 1 });
    expect(report.metrics.connect?.errors).toEqual({ timeout: 1 });
    expect(report.metrics["ack:echo"]?.outcomes).toEqual({ delivered: 5, lost: 0, errored: 5, timedOut: 0 });
  }, 30_000);

  it("writes --junit with one error case naming the cause when the target is unreachable, and still no report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-unreachable-junit-"));
    const script = echoScript(dir, { rate: 1, seconds: 1 });
    const refusedPort = await closedPort();
    const junit = join(dir, "junit.xml");
    const reportDir = join(dir, "report");
    const run = await volley([
      ...["load", script, "--target", `http://127.0.0.1:${refusedPort}`, "--report", reportDir],
      ...["--junit", junit],
    ]);
    expect(run.code).toBe(2);
    const cause = /^volley: ([^\n]*connection refused \(ECONNREFUSED\)[^\n]*)\n$/.exec(run.stderr)?.[1];
    expect(cause).toBeDefined();
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain(`tests="1" failures="0" errors="1" skipped="0"`);
    expect(xml).toMatch(/<testcase classname="volley\.load\.echo" name="target reachable">/);
    expect(xml).toMatch(/<error type="unreachable" message="[^"]*connection refused \(ECONNREFUSED\)[^"]*"\/>/);
    expect(existsSync(join(reportDir, "report.json"))).toBe(false);
    expect(existsSync(join(reportDir, "report.html"))).toBe(false);
  }, 30_000);

  it("exits 1 when a frozen target answers nothing: every ack timed out, counted with its cause", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-frozen-"));
    const script = echoScript(dir, { rate: 5, seconds: 1, timeoutMs: 500 });
    const server = await startLoadServer({ dropEvery: 1 });
    const run = await volley(["load", script, "--target", server.url, "--vus", "2", "--report", dir]);
    expect(run.code).toBe(1);
    const report = readReport(dir);
    expect(report.status).toBe("failed: no message was delivered (ack:echo: ack_timeout x10)");
    expect(report.metrics["ack:echo"]?.errors).toEqual({ ack_timeout: 10 });
    expect(run.stderr).toContain("  ack:echo: ack_timeout x10");
  }, 30_000);

  it("loads an HTTPS target with --ca (Socket.IO 4) or --insecure (Socket.IO 2), and names the TLS failure without them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-tls-"));
    const script = echoScript(dir, { rate: 5, seconds: 1 });
    const cert = selfSignedCertificate();
    writeFileSync(join(dir, "ca.pem"), cert.cert);
    const [v4, v2] = await Promise.all([echoServer({ tls: cert }), echoServer({ tls: cert, generation: 2 })]);
    const [withCa, insecure, untrusted] = await Promise.all([
      volley(["load", script, "--target", v4, "--vus", "2", "--ca", join(dir, "ca.pem"), "--report", join(dir, "ca")]),
      volley(["load", script, "--target", v2, "--vus", "2", "--insecure", "--report", join(dir, "insecure")]),
      volley(["load", script, "--target", v4, "--vus", "2", "--report", join(dir, "untrusted")]),
    ]);
    expect(withCa.code).toBe(0);
    expect(readReport(join(dir, "ca")).metrics["ack:echo"]?.outcomes.delivered).toBe(10);
    expect(insecure.code).toBe(0);
    expect(readReport(join(dir, "insecure")).metrics["ack:echo"]?.outcomes.delivered).toBe(10);
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toMatch(
      /^volley: TLS to 127\.0\.0\.1:\d+ failed: DEPTH_ZERO_SELF_SIGNED_CERT .*--ca <file>, or --insecure[^\n]*\n$/,
    );
  }, 40_000);

  it("on Ctrl-C stops the users, writes the report marked partial and exits 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-sigint-"));
    const script = echoScript(dir, { rate: 10, seconds: 30 });
    const server = await startLoadServer();
    const run = spawnVolley(["load", script, "--target", server.url, "--vus", "2", "--report", dir]);
    await run.waitFor(/\[\s+2 s\]/, 30_000);
    run.child.kill("SIGINT");
    expect(await run.exit(10_000)).toBe(130);
    const report = readReport(dir);
    expect(report.partial).toBe(true);
    expect(report.status).toBe("partial (stopped by Ctrl-C): ok");
    expect(run.stderr()).toContain("\n\npartial (stopped by Ctrl-C): ok\necho against");
    // Stopped after about 2 of its 30 s: far fewer than the 600 planned acks, each of them settled.
    const ack = report.metrics["ack:echo"];
    expect(ack?.outcomes.delivered).toBeGreaterThan(0);
    expect(ack?.outcomes.delivered).toBeLessThan(300);
    expect(ack?.outcomes.delivered).toBe(server.received());
  }, 60_000);
});

describe("volley load's load shape", () => {
  it("lets the users of a ramp phase arrive over time, and states one target rate in header, progress, report and gauge", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-ramp-"));
    const { url } = await startTestApi("command-network");
    // 2 then 4 users in two seconds; user 0 sends 10 commands a second from 3 s to 5 s, the others (arrived by
    // 2 s, holding 6 s) receive them all.
    writeFileSync(
      join(dir, "ramp.yml"),
      `config:
  target: "http://127.0.0.1:1"
  phases: [{ duration: 2, arrivalRate: 2, rampTo: 4 }]
scenarios:
  - engine: volley
    flow:
      - emitAck: { event: "register", args: [{ name: "ramp-{{vu}}" }], metric: "register", errorField: "error" }
      - users:
          from: 1
          flow:
            - subscribe: { event: "command", metric: "received", sentAtField: "meta.sentAt", sequenceField: "meta.seq", sequenceStart: 0, fanOut: true }
            - hold: { durationSeconds: 6 }
      - users:
          to: 1
          flow:
            - think: 2500
            - openLoop:
                rate: 10
                durationSeconds: 2
                emitAck:
                  event: "command"
                  args: [{ command: "ramp", meta: { seq: "{{seq}}", sentAt: "{{now}}" }, target: null, mirror: false }]
                  metric: "sent"
                  errorField: "error"
`,
    );
    const run = spawnVolley(["load", join(dir, "ramp.yml"), "--target", url, "--metrics-port", "0", "--report", dir]);
    const [header, port] = await run.waitFor(
      /volley load ramp: .*metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics\n/,
      30_000,
    );
    expect(header).toContain("6 users over 1 phase (2.0 s)");
    expect(header).toContain("target send rate 10.0 msg/s");
    // The gauge while the sender's loop runs (it starts 3 s in).
    let gauge: string | undefined;
    for (const deadline = Date.now() + 15_000; gauge === undefined && Date.now() < deadline; ) {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) }).then((r) =>
        r.text(),
      );
      gauge = /volley_load_target_rate\{scenario="ramp"\} ([1-9][\d.]*)/.exec(text)?.[1];
      if (gauge === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(gauge).toBe("10");
    expect(await run.exit(30_000)).toBe(0);
    expect(run.stderr()).toMatch(/msg\/s delivered {2}sent (9\.\d|10\.\d)\/s \(target 10\.0\/s\)/);
    expect(run.stderr()).toContain("rates: target 10.0 msg/s, sent ");

    const report = readReport(dir);
    expect(report.rates?.target).toBe(10);
    expect(report.rates?.sent).toBeGreaterThan(9);
    expect(report.rates?.sent).toBeLessThan(11);
    // 20 commands, each to the 5 receivers.
    expect(report.metrics.received?.outcomes.delivered).toBe(100);
    // Users arrived over time, not at once: in more than one second of the run, never all six in one.
    const arrivals = (report.totals ?? []).filter((t) => t.arrived > 0);
    expect(arrivals.reduce((n, t) => n + t.arrived, 0)).toBe(6);
    expect(arrivals.length).toBeGreaterThan(1);
    expect(Math.max(...arrivals.map((t) => t.arrived))).toBeLessThan(6);
    expect(report.users).toEqual({ started: 6, skippedArrivals: 0 });
  }, 60_000);
});
