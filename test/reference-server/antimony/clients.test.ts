import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import {
  type LabCommandsClientToServer,
  type LabUpdatesServerToClient,
  labCommands,
  labLogsNamespace,
  type NoEvents,
  parseLogLine,
  refusals,
} from "../../../protocols/antimony/index.js";
import { connectV2, next } from "../../support/client.js";
import { as, command, deploy, startAntimony, tokens } from "./antimony-client.js";

describe("antimony client generations", () => {
  it("serves a Socket.IO 4 client", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
  });

  it("serves a Socket.IO 2.x client that sends its token in the query", async () => {
    const url = await startAntimony();
    const socket = await connectV2(`${url}/lab-commands`, { query: { token: tokens.alice } });
    const ack = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no ack from the 2.x client's request")), 2_000);
      socket.emit("data", { labId: "lab-alpha", command: labCommands.deploy }, (reply: unknown) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
    expect(ack).toEqual({ payload: null });
  });

  it("streams a lab log to a Socket.IO 2.x client on a dynamic namespace", async () => {
    const url = await startAntimony();
    const commands = await deploy(url, "alice", "lab-alpha");
    const logs = await connectV2(`${url}${labLogsNamespace("lab-alpha")}`, { query: { token: tokens.alice } });
    const line = next(logs, "data");
    await command(commands, { labId: "lab-alpha", command: labCommands.destroy });
    expect(parseLogLine(String((await line)[0]))?.text).toContain("Destroyed lab lab-alpha");
  });

  it("refuses a Socket.IO 2.x client without a token", async () => {
    const url = await startAntimony();
    await expect(connectV2(`${url}/lab-updates`)).rejects.toThrow(refusals.unauthorized);
  });
});

describe("antimony typed event maps", () => {
  it("let the compiler catch a misspelled event and a wrong ack type", async () => {
    const url = await startAntimony();
    const updates = (await as("alice", url, "/lab-updates")) as unknown as Socket<LabUpdatesServerToClient, NoEvents>;
    const commands = (await as("alice", url, "/lab-commands")) as unknown as Socket<
      NoEvents,
      LabCommandsClientToServer
    >;
    // @ts-expect-error "updates" is not an event of /lab-updates; only "data" is.
    updates.on("updates", () => undefined);
    const reply = await new Promise((resolve) => {
      // @ts-expect-error the ack carries a LabCommandAck object, never a bare string.
      commands.emit("data", { labId: "lab-alpha", command: labCommands.listShells }, (r: string) => resolve(r));
    });
    expect(reply).toEqual({ payload: [] });
  });
});
