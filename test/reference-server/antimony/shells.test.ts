import { describe, expect, it } from "vitest";
import {
  errorCodes,
  labCommandAckSchemas,
  labCommands,
  refusals,
  shellBacklogSchema,
  shellCommandEventSchema,
  shellCommands,
  shellNamespace,
} from "../../../protocols/antimony/index.js";
import { next, refusal, silence } from "../../support/client.js";
import { as, command, deploy, openShell, startAntimony, subscribe, tokens, until } from "./antimony-client.js";

describe("antimony shells", () => {
  it("opens a shell and acks its id as { payload: string }", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    const ack = await command(commands, { labId: "lab-alpha", command: labCommands.openShell, node: "router1" });
    expect(labCommandAckSchemas[labCommands.openShell].parse(ack).payload).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("lists only the current user's open shells in the lab", async () => {
    const url = await startAntimony();
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const bob = await as("bob", url, "/lab-commands");
    await command(bob, { labId: "lab-alpha", command: labCommands.openShell, node: "router2" });
    const ack = await command(commands, { labId: "lab-alpha", command: labCommands.listShells });
    expect(labCommandAckSchemas[labCommands.listShells].parse(ack)).toEqual({
      payload: [{ id: shellId, node: "router1" }],
    });
  });

  it("sends the shell's backlog on connect and echoes keystrokes with a prompt after each line", async () => {
    const url = await startAntimony();
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const { socket, first } = await subscribe("alice", url, shellNamespace(shellId));
    expect(shellBacklogSchema.parse(first).join("")).toContain("router1# ");
    const output = next(socket, "data");
    socket.emit("data", "show version\r");
    expect(await output).toEqual(["show version\r\nrouter1# "]);
    const { first: later } = await subscribe("alice", url, shellNamespace(shellId));
    expect(shellBacklogSchema.parse(later).join("")).toContain("show version");
  });

  it("refuses another user's shell with No Access, and an unknown shell with Invalid namespace", async () => {
    const url = await startAntimony();
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const foreign = await refusal(`${url}${shellNamespace(shellId)}`, { auth: { token: tokens.bob } });
    expect(foreign.message).toBe(refusals.noAccess);
    const unknown = await refusal(`${url}/shells/nope`, { auth: { token: tokens.alice } });
    expect(unknown.message).toBe(refusals.invalidNamespace);
  });

  it("closes a shell: acks null, tells the owner alone on /shell-commands and drops its I/O sockets", async () => {
    const url = await startAntimony();
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const owner = await as("alice", url, "/shell-commands");
    const other = await as("bob", url, "/shell-commands");
    const { socket: io } = await subscribe("alice", url, shellNamespace(shellId));
    const notice = next(owner, "data");
    const dropped = next(io, "disconnect");
    const quiet = silence(other, "data");
    expect(await command(commands, { labId: "lab-alpha", command: labCommands.closeShell, shellId })).toEqual({
      payload: null,
    });
    expect(shellCommandEventSchema.parse((await notice)[0])).toMatchObject({
      labId: "lab-alpha",
      node: "router1",
      shellId,
      command: shellCommands.close,
    });
    await dropped;
    await quiet;
  });

  it("answers 5007 for an unknown shell or another user's shell, and 5422 without a shellId", async () => {
    const url = await startAntimony();
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const bob = await as("bob", url, "/lab-commands");
    const close = labCommands.closeShell;
    expect(await command(bob, { labId: "lab-alpha", command: close, shellId })).toMatchObject({
      code: errorCodes.shellNotFound,
    });
    expect(await command(bob, { labId: "lab-alpha", command: close, shellId: "nope" })).toMatchObject({
      code: errorCodes.shellNotFound,
    });
    expect(await command(bob, { labId: "lab-alpha", command: close })).toMatchObject({
      code: errorCodes.invalidRequest,
    });
  });

  it("answers 5422 to open shell without a node and 5006 with an unknown one", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    const open = labCommands.openShell;
    expect(await command(commands, { labId: "lab-alpha", command: open })).toMatchObject({
      code: errorCodes.invalidRequest,
    });
    expect(await command(commands, { labId: "lab-alpha", command: open, node: "nope" })).toMatchObject({
      code: errorCodes.nodeNotFound,
    });
  });

  it("answers 5008 once the user has limits.maxShellsPerUser shells open", async () => {
    const url = await startAntimony({ limits: { maxShellsPerUser: 2 } });
    const commands = await deploy(url, "alice", "lab-alpha");
    const open = { labId: "lab-alpha", command: labCommands.openShell, node: "client1" };
    expect(await command(commands, open)).toHaveProperty("payload");
    expect(await command(commands, open)).toHaveProperty("payload");
    expect(await command(commands, open)).toMatchObject({ code: errorCodes.shellLimit });
  });

  it("answers 5003 to open shell on a stopped node", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    await command(commands, { labId: "lab-alpha", command: labCommands.stopNode, node: "router1" });
    expect(
      await command(commands, { labId: "lab-alpha", command: labCommands.openShell, node: "router1" }),
    ).toMatchObject({ code: errorCodes.notRunning });
  });

  it("sends a shell error then a close when the shell's node stops", async () => {
    const url = await startAntimony();
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const owner = await as("alice", url, "/shell-commands");
    const both = until(owner, "data", (seen) => seen.length === 2);
    await command(commands, { labId: "lab-alpha", command: labCommands.stopNode, node: "router1" });
    const events = await both;
    expect(events.map((e) => shellCommandEventSchema.parse(e).command)).toEqual([
      shellCommands.error,
      shellCommands.close,
    ]);
    expect(events.map((e) => shellCommandEventSchema.parse(e).shellId)).toEqual([shellId, shellId]);
  });

  it("closes the lab's shells when the lab is destroyed", async () => {
    const url = await startAntimony();
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const owner = await as("alice", url, "/shell-commands");
    const notice = next(owner, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.destroy });
    expect(shellCommandEventSchema.parse((await notice)[0])).toMatchObject({ shellId, command: shellCommands.close });
    expect(await command(commands, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
  });

  it("bounds a shell's backlog by bytes as well as chunks, keeping the newest output", async () => {
    const bound = 200_000;
    const url = await startAntimony({ limits: { shellBacklogBytes: bound } });
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const { socket } = await subscribe("alice", url, shellNamespace(shellId));
    const bytes = (backlog: string[]) => backlog.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
    // Ten 60 kB chunks, each echoed before the next is sent: 600 kB of output, far under the chunk cap.
    const chunks = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(60_000));
    for (const chunk of chunks) {
      const echoed = next(socket, "data");
      socket.emit("data", chunk);
      await echoed;
    }
    const { first: filled } = await subscribe("alice", url, shellNamespace(shellId));
    const backlog = shellBacklogSchema.parse(filled);
    expect(bytes(backlog)).toBeLessThanOrEqual(bound);
    expect(backlog).toEqual(chunks.slice(-3));
    // 60,000 newlines, each echoed with a prompt: one 660 kB chunk, of which the last 200 kB is kept.
    const echoed = next(socket, "data");
    socket.emit("data", "\n".repeat(60_000));
    const [output] = (await echoed) as [string];
    const { first: tail } = await subscribe("alice", url, shellNamespace(shellId));
    expect(shellBacklogSchema.parse(tail)).toEqual([output.slice(-bound)]);
  });
});
