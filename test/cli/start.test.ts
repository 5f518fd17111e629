import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { volley } from "../reliability/cli-process.js";
import { connect, emitAck, next, refusal } from "../support/client.js";

/** The first capture of `pattern` in `text`, or a failure naming what was missing from the printed block. */
function printed(text: string, pattern: RegExp): string {
  const m = text.match(pattern);
  if (m?.[1] === undefined) throw new Error(`npm start printed no ${pattern}:\n${text}`);
  return m[1];
}

describe("volley start (npm start)", () => {
  it("serves all five APIs and prints the URL and credentials with which a client reaches each", async () => {
    const job = volley(["start", "--no-conformance", "--no-load", "--serve"]);
    await job.waitFor(/Ctrl-C to stop/, 30_000);
    const text = job.stdout();
    const url = (api: string) => printed(text, new RegExp(`^  ${api} +(http://127\\.0\\.0\\.1:\\d+)`, "m"));

    const neo = await connect(url("neoruntime"));
    const hash = printed(text, /admin \/ \S+ +sha256 ([0-9a-f]{64})/);
    expect(typeof (await emitAck(neo, "authenticate", "admin", hash))).toBe("string");

    const network = await connect(url("command-network"));
    expect(await emitAck(network, "register", { name: "start-test" })).toMatchObject({ success: true });

    const chat = await connect(url("circles-chat"));
    chat.emit("authenticate", { token: printed(text, /user 1 \S+: (\S+)/) });
    await next(chat, "success");

    const nestmtx = url("nestmtx");
    await connect(nestmtx, { auth: { token: printed(text, /bearer token (\S+)/) } });
    await refusal(nestmtx, { auth: { token: "not-a-token" } });

    const antimony = url("antimony");
    await connect(`${antimony}/lab-commands`, { auth: { token: printed(text, /user alice: token (\S+)/) } });
    await refusal(`${antimony}/lab-commands`, { auth: { token: "not-a-token" } });

    job.child.kill("SIGINT");
    expect(await job.exit(10_000)).toBe(0);
  }, 60_000);

  it("says which port it cannot bind and exits 2, instead of an internal error", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const job = volley(["start", "--no-conformance", "--no-load", "--port", String(port)]);
      expect(await job.exit(30_000)).toBe(2);
      expect(job.stderr()).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE (try --port 0 or another port)`);
      expect(job.stderr()).not.toContain("internal error");
    } finally {
      taken.close();
    }
  }, 60_000);
});
