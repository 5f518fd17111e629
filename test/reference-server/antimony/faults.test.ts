import { describe, expect, it } from "vitest";
import { errorCodes, labCommands, refusals, shellNamespace } from "../../../protocols/antimony/index.js";
import { antimonyFaults } from "../../../reference-server/antimony/faults.js";
import { antimonyServer } from "../../../reference-server/antimony/index.js";
import { connect, next, silence } from "../../support/client.js";
import { as, command, deploy, openShell, startAntimony, subscribe, tokens } from "./antimony-client.js";

const withFault = (fault: { name: string }) => startAntimony({ fault: fault.name });

describe("antimony faults", () => {
  it("lists every fault under the antimony. prefix with a description", () => {
    expect(antimonyServer.faults.length).toBeGreaterThanOrEqual(5);
    for (const f of antimonyServer.faults) {
      expect(f.name).toMatch(/^antimony\.[a-z-]+$/);
      expect(f.description.length).toBeGreaterThan(10);
    }
  });

  it("antimony.missing-backlog: a log subscriber gets no backlog", async () => {
    const url = await withFault(antimonyFaults.missingBacklog);
    await deploy(url, "alice", "lab-alpha");
    await expect(subscribe("alice", url, "/logs/lab-alpha", "backlog", 300)).rejects.toThrow(/no "backlog"/);
  });

  it("antimony.wrong-error-code: an unknown lab is answered 5000, not 5005", async () => {
    const url = await withFault(antimonyFaults.wrongErrorCode);
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-nope", command: labCommands.deploy })).toMatchObject({
      code: errorCodes.generic,
    });
  });

  it("antimony.shell-commands-leak: another user hears that a shell closed", async () => {
    const url = await withFault(antimonyFaults.shellCommandsLeak);
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const carol = await as("carol", url, "/shell-commands");
    const leaked = next(carol, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.closeShell, shellId });
    expect((await leaked)[0]).toMatchObject({ shellId });
  });

  it("antimony.foreign-shell-access: another user connects to a shell and sees its output", async () => {
    const url = await withFault(antimonyFaults.foreignShellAccess);
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const { first } = await subscribe("carol", url, shellNamespace(shellId));
    expect(String(first)).toContain("router1# ");
  });

  it("antimony.silent-errors: a failing command gets no ack, a succeeding one still does", async () => {
    const url = await withFault(antimonyFaults.silentErrors);
    const socket = await as("alice", url, "/lab-commands");
    await expect(
      socket.timeout(300).emitWithAck("data", { labId: "lab-nope", command: labCommands.deploy }),
    ).rejects.toThrow();
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
  });

  it("a faithful server shows none of these defects", async () => {
    const url = await startAntimony();
    const { commands, shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const foreign = await connect(`${url}${shellNamespace(shellId)}`, { auth: { token: tokens.carol } }).catch(
      (e: Error) => e,
    );
    expect(foreign).toMatchObject({ message: refusals.noAccess });
    const carol = await as("carol", url, "/shell-commands");
    const quiet = silence(carol, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.closeShell, shellId });
    await quiet;
    expect(await command(commands, { labId: "lab-nope", command: 0 })).toMatchObject({ code: errorCodes.notFound });
    const { first } = await subscribe("alice", url, "/logs/lab-alpha");
    expect(Array.isArray(first)).toBe(true);
  });
});
