import { describe, expect, it } from "vitest";
import {
  labCommands,
  labLogsNamespace,
  logBacklogSchema,
  logLineSchema,
  nodeLogsNamespace,
  parseLogLine,
  refusals,
} from "../../../protocols/antimony/index.js";
import { next, refusal } from "../../support/client.js";
import { as, command, deploy, startAntimony, subscribe, tokens, until } from "./antimony-client.js";

describe("antimony /logs/<labId>", () => {
  it("does not exist before the lab's first deploy", async () => {
    const url = await startAntimony();
    const err = await refusal(`${url}${labLogsNamespace("lab-alpha")}`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.invalidNamespace);
  });

  it("sends the deploy's lines as a backlog on subscribe", async () => {
    const url = await startAntimony();
    await deploy(url, "alice", "lab-alpha");
    const { first: backlog } = await subscribe("alice", url, labLogsNamespace("lab-alpha"));
    const lines = logBacklogSchema.parse(backlog);
    expect(lines.some((l) => l.includes("Deploying lab lab-alpha"))).toBe(true);
    expect(lines.map((l) => parseLogLine(l)?.seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it("streams new lines as bare strings with a sequence number and a server timestamp", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    const logs = await as("alice", url, labLogsNamespace("lab-alpha"));
    const line = next(logs, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.destroy });
    const parsed = parseLogLine(logLineSchema.parse((await line)[0]));
    expect(parsed?.text).toContain("Destroyed lab lab-alpha");
    expect(Math.abs((parsed?.sentAtMs ?? 0) - Date.now())).toBeLessThan(5_000);
  });

  it("stays available after the lab is destroyed", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    await command(commands, { labId: "lab-alpha", command: labCommands.destroy });
    const logs = await as("alice", url, labLogsNamespace("lab-alpha"));
    expect(logs.connected).toBe(true);
  });

  it("exists after a failed deploy too", async () => {
    const url = await startAntimony();
    const commands = await as("alice", url, "/lab-commands");
    await command(commands, { labId: "lab-broken", command: labCommands.deploy });
    const { first: backlog } = await subscribe("alice", url, "/logs/lab-broken");
    expect(logBacklogSchema.parse(backlog).some((l) => l.includes("containerlab"))).toBe(true);
  });

  it("refuses a user without access to the lab with No Access", async () => {
    const url = await startAntimony();
    await deploy(url, "alice", "lab-alpha");
    const err = await refusal(`${url}${labLogsNamespace("lab-alpha")}`, { auth: { token: tokens.carol } });
    expect(err.message).toBe(refusals.noAccess);
  });

  it("refuses a subscriber without a token with Unauthorized", async () => {
    const url = await startAntimony();
    await deploy(url, "alice", "lab-alpha");
    expect((await refusal(`${url}${labLogsNamespace("lab-alpha")}`)).message).toBe(refusals.unauthorized);
  });

  it("keeps only the last limits.backlogLines lines", async () => {
    const url = await startAntimony({ limits: { backlogLines: 3 } });
    await deploy(url, "alice", "lab-alpha");
    const { first: backlog } = await subscribe("alice", url, labLogsNamespace("lab-alpha"));
    const lines = logBacklogSchema.parse(backlog);
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toContain("Deployed lab lab-alpha");
  });
});

describe("antimony /logs/<labId>/<node>", () => {
  it("does not exist while the lab is not deployed", async () => {
    const url = await startAntimony();
    const err = await refusal(`${url}${nodeLogsNamespace("lab-alpha", "router1")}`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.invalidNamespace);
  });

  it("streams logLinesPerSecond lines of logLineBytes while the lab runs, in order", async () => {
    const url = await startAntimony({ simulation: { logLinesPerSecond: 50, logLineBytes: 120 } });
    await deploy(url, "alice", "lab-alpha");
    const { socket: logs, first: backlog } = await subscribe("alice", url, nodeLogsNamespace("lab-alpha", "router1"));
    // One listener for all lines, not `next` twice: a late ticker writes several lines at once, they arrive in one
    // TCP chunk, and the client emits them in one go, before an `await next` could add the second listener.
    const streamed = (await until(logs, "data", (seen) => seen.length >= 5)).map((l) =>
      parseLogLine(logLineSchema.parse(l)),
    );
    const before = logBacklogSchema.parse(backlog).map((l) => parseLogLine(l)?.seq ?? 0);
    const start = (before.at(-1) ?? 0) + 1;
    expect(streamed.map((l) => l?.seq)).toEqual([start, start + 1, start + 2, start + 3, start + 4]);
    for (const line of streamed) expect(line?.text).toHaveLength(120);
  });

  it("does not exist for a node the lab does not have", async () => {
    const url = await startAntimony();
    await deploy(url, "alice", "lab-alpha");
    const err = await refusal(`${url}/logs/lab-alpha/nope`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.invalidNamespace);
  });

  it("logs node commands, and disconnects its subscribers when the lab is destroyed", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    const logs = await as("alice", url, nodeLogsNamespace("lab-alpha", "router1"));
    const line = next(logs, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.restartNode, node: "router1" });
    expect(parseLogLine(String((await line)[0]))?.text).toContain("restart");
    const gone = next(logs, "disconnect");
    await command(commands, { labId: "lab-alpha", command: labCommands.destroy });
    await gone;
    const err = await refusal(`${url}${nodeLogsNamespace("lab-alpha", "router1")}`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.invalidNamespace);
  });

  it("refuses a user without access to the lab with No Access", async () => {
    const url = await startAntimony();
    await deploy(url, "bob", "lab-beta");
    const err = await refusal(`${url}/logs/lab-beta/srv1`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.noAccess);
  });
});
