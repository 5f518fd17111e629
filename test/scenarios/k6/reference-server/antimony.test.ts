import { describe, expect, it } from "vitest";
import { parseLogLine } from "../../../../protocols/antimony/index.js";
import { ackError, ackPayload, demoAliceToken, labCommand } from "../../../../scenarios/k6/lib/antimony.js";
import { SequenceGaps } from "../../../../scenarios/k6/lib/sequence-gaps.js";
import type { AckOutcome, Connection, Namespace } from "../../../../scenarios/k6/lib/socketio.js";
import { REPLY_TIMEOUT_MS } from "../../../support/client.js";
import { startTestApi } from "../../../support/server.js";
import { collect, nextEvent, nodeConnection } from "../node-websocket.js";

/** A quick deploy and a brisk node log keep these tests short. */
const options = { simulation: { deployMs: 20, logLinesPerSecond: 50 } };

async function antimony() {
  const { url, server } = await startTestApi("antimony", { options });
  const line = server.apis[0]?.instance.describe().find((l) => l.startsWith("user alice: token "));
  const token = line?.slice("user alice: token ".length) ?? "";
  /** Drops every client's transport, as a network failure would: clients see "transport close". */
  const dropTransports = () => {
    for (const s of server.apis[0]?.io.of("/lab-commands").sockets.values() ?? []) s.conn.close();
  };
  return { url, token, dropTransports };
}

async function connected(conn: Connection, name: string, token: string): Promise<Namespace> {
  const ns = conn.connect(name, { token });
  await nextEvent(ns, "connect");
  return ns;
}

function command(ns: Namespace, request: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) =>
    ns.emitWithAck("data", [request], REPLY_TIMEOUT_MS, (outcome: AckOutcome) =>
      outcome.ok ? resolve(outcome.args[0]) : reject(new Error(`no ack: ${outcome.reason}`)),
    ),
  );
}

describe("the k6 framing module against the Antimony reference server", () => {
  it("defaults TOKEN to the token the reference server prints for alice", async () => {
    expect((await antimony()).token).toBe(demoAliceToken);
  });

  it("is refused on /lab-commands without a token and with a forged one, as connect_error messages", async () => {
    const { url, token } = await antimony();
    const conn = nodeConnection(url);
    const [missing] = await nextEvent(conn.connect("/lab-commands", {}), "connect_error");
    const [forged] = await nextEvent(conn.connect("/shell-commands", { token: `${token}x` }), "connect_error");
    expect([missing, forged]).toMatchObject([{ message: "Unauthorized" }, { message: "Invalid Token" }]);
  });

  it("is refused on a lab's log namespace before the lab's first deploy", async () => {
    const { url, token } = await antimony();
    const [err] = await nextEvent(nodeConnection(url).connect("/logs/lab-alpha", { token }), "connect_error");
    expect(err).toMatchObject({ message: "Invalid namespace" });
  });

  it("deploys a lab and receives the backlog and numbered, timestamped lines on both log namespaces (log-flood.ts)", async () => {
    const { url, token } = await antimony();
    const conn = nodeConnection(url);
    const commands = await connected(conn, "/lab-commands", token);
    expect(ackError(await command(commands, { labId: "lab-alpha", command: labCommand.deploy }))).toBeUndefined();

    const lab = conn.connect("/logs/lab-alpha", { token });
    const [labBacklog] = await nextEvent(lab, "backlog");
    expect(Array.isArray(labBacklog) && labBacklog.every((l) => parseLogLine(String(l)) !== undefined)).toBe(true);

    const node = conn.connect("/logs/lab-alpha/router1", { token });
    const lines = collect(node, "data", 5);
    await nextEvent(node, "backlog");
    const gaps = new SequenceGaps();
    for (const raw of await lines) {
      const line = parseLogLine(String(raw));
      expect(line).toBeDefined();
      expect(Date.now() - (line?.sentAtMs ?? 0)).toBeGreaterThanOrEqual(0);
      expect(gaps.observe(line?.seq ?? -1)).toEqual({ lost: 0, reordered: false });
    }
  });

  it("resubscribes to a node log after a transport loss and resumes from the new backlog without a gap", async () => {
    const { url, token, dropTransports } = await antimony();
    const conn = nodeConnection(url, { reconnect: { attempts: 3, delayMs: 20 } });
    const commands = await connected(conn, "/lab-commands", token);
    await command(commands, { labId: "lab-alpha", command: labCommand.deploy });
    const node = conn.connect("/logs/lab-alpha/router1", { token });
    await nextEvent(node, "backlog");
    await nextEvent(node, "data");

    const gaps = new SequenceGaps();
    const resubscribed = nextEvent(node, "backlog");
    const lost = nextEvent(node, "disconnect");
    const reconnected = nextEvent(conn, "reconnect");
    dropTransports();
    expect(await lost).toEqual(["transport close"]);
    expect(await reconnected).toEqual([1]);
    const after = collect(node, "data", 3);
    const [backlog] = await resubscribed;
    const backlogSeqs = (backlog as unknown[]).map((l) => parseLogLine(String(l))?.seq ?? -1);
    gaps.resume(Math.max(...backlogSeqs));
    for (const raw of await after) {
      expect(gaps.observe(parseLogLine(String(raw))?.seq ?? -1)).toEqual({ lost: 0, reordered: false });
    }
  });

  it("opens a shell, gets its backlog, sees a typed marker echoed, and closes it (shell-io.ts)", async () => {
    const { url, token } = await antimony();
    const conn = nodeConnection(url);
    const commands = await connected(conn, "/lab-commands", token);
    await command(commands, { labId: "lab-alpha", command: labCommand.deploy });
    const opened = await command(commands, { labId: "lab-alpha", command: labCommand.openShell, node: "router1" });
    const shellId = ackPayload(opened);
    expect(shellId).toEqual(expect.any(String));

    const shell = conn.connect(`/shells/${shellId}`, { token });
    const [backlog] = await nextEvent(shell, "backlog");
    expect(Array.isArray(backlog)).toBe(true);
    const echo = nextEvent(shell, "data");
    expect(shell.emit("data", "#0#")).toBe(true);
    expect(String((await echo)[0])).toContain("#0#");

    const closed = await command(commands, { labId: "lab-alpha", command: labCommand.closeShell, shellId });
    expect(closed).toEqual({ payload: null });
  });
});
