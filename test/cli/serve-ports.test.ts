import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { volley } from "../reliability/cli-process.js";
import { countingTarget } from "./cli-output.js";

/** A port nothing listens on right now (bound on 0, then released): the server under test takes it next. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

describe("volley serve ports", () => {
  it.each(["nestmtx", "command-network", "antimony"])(
    "exits 2 naming the busy port when %s cannot bind it",
    async (api) => {
      const busy = await countingTarget();
      try {
        const server = volley(["serve", "--api", api, "--port", String(busy.port)]);
        // Generous for a loaded machine: what fails here is a server that never exits (NestMTX's feed kept it alive).
        expect(await server.exit(30_000)).toBe(2);
        expect(server.stderr()).toBe(
          `volley: cannot listen on 127.0.0.1:${busy.port}: EADDRINUSE (try --port 0 or another port)\n`,
        );
      } finally {
        busy.close();
      }
    },
    40_000,
  );

  it("names the busy port of the one API that cannot bind, not the first port", async () => {
    const busy = await countingTarget();
    try {
      // API 0 (neoruntime) binds busy - 1 if it is free; API 1 (command-network) finds its port busy.
      const server = volley(["serve", "--port", String(busy.port - 1)]);
      expect(await server.exit(30_000)).toBe(2);
      expect(server.stderr()).toMatch(
        new RegExp(`^volley: cannot listen on 127\\.0\\.0\\.1:(${busy.port - 1}|${busy.port}): EADDRINUSE`),
      );
    } finally {
      busy.close();
    }
  }, 40_000);

  it("puts a single --api on the --port given", async () => {
    const port = await freePort();
    const server = volley(["serve", "--api", "command-network", "--port", String(port)]);
    const [url] = await server.waitFor(/command-network +http:\/\/127\.0\.0\.1:\d+/, 30_000);
    expect(url).toMatch(new RegExp(`:${port}$`));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(await health.json()).toMatchObject({ api: "command-network" });
    server.child.kill("SIGINT");
    expect(await server.exit(10_000)).toBe(0);
  }, 40_000);
});
