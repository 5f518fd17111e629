import { describe, expect, it } from "vitest";
import {
  errorAckSchema,
  errorCodes,
  labCommandAckSchemas,
  labCommands,
  labUpdateEventSchema,
} from "../../../protocols/antimony/index.js";
import { emitAck, next } from "../../support/client.js";
import { as, command, deploy, startAntimony } from "./antimony-client.js";

const { deploy: DEPLOY, destroy: DESTROY, stopNode, startNode, restartNode } = labCommands;

describe("antimony /lab-commands", () => {
  it("deploys a lab and acks { payload: null }", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const ack = await command(socket, { labId: "lab-alpha", command: DEPLOY });
    expect(labCommandAckSchemas[DEPLOY].parse(ack)).toEqual({ payload: null });
  });

  it("accepts the request JSON-encoded, as the real web client sends it", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const ack = await command(socket, JSON.stringify({ labId: "lab-alpha", command: DEPLOY }));
    expect(ack).toEqual({ payload: null });
  });

  it("redeploys a running lab", async () => {
    const url = await startAntimony();
    const socket = await deploy(url, "alice", "lab-alpha");
    expect(await command(socket, { labId: "lab-alpha", command: DEPLOY })).toEqual({ payload: null });
  });

  it("answers 5002 to a deploy while the lab is being deployed, and 5004 to a destroy", async () => {
    const url = await startAntimony({ simulation: { deployMs: 400 } });
    const socket = await as("alice", url, "/lab-commands");
    const first = command(socket, { labId: "lab-alpha", command: DEPLOY });
    expect(await command(socket, { labId: "lab-alpha", command: DEPLOY })).toMatchObject({
      code: errorCodes.alreadyDeploying,
    });
    expect(await command(socket, { labId: "lab-alpha", command: DESTROY })).toMatchObject({
      code: errorCodes.deploying,
    });
    expect(await first).toEqual({ payload: null });
  });

  it("destroys a running lab", async () => {
    const url = await startAntimony();
    const socket = await deploy(url, "alice", "lab-alpha");
    expect(await command(socket, { labId: "lab-alpha", command: DESTROY })).toEqual({ payload: null });
    expect(await command(socket, { labId: "lab-alpha", command: stopNode, node: "router1" })).toMatchObject({
      code: errorCodes.notRunning,
    });
  });

  it("answers 5003 when a lab that is not running is destroyed or its nodes commanded", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    for (const request of [
      { labId: "lab-alpha", command: DESTROY },
      { labId: "lab-alpha", command: stopNode, node: "router1" },
      { labId: "lab-alpha", command: labCommands.openShell, node: "router1" },
    ]) {
      expect(errorAckSchema.parse(await command(socket, request)).code).toBe(errorCodes.notRunning);
    }
  });

  it.each([stopNode, startNode, restartNode])("runs node command %i on a running lab", async (cmd) => {
    const url = await startAntimony();
    const socket = await deploy(url, "alice", "lab-alpha");
    expect(await command(socket, { labId: "lab-alpha", command: cmd, node: "router2" })).toEqual({ payload: null });
  });

  it.each([stopNode, startNode, restartNode])(
    "answers 5006 to node command %i without or with an unknown node",
    async (cmd) => {
      const url = await startAntimony();
      const socket = await deploy(url, "alice", "lab-alpha");
      expect(await command(socket, { labId: "lab-alpha", command: cmd })).toMatchObject({
        code: errorCodes.nodeNotFound,
      });
      expect(await command(socket, { labId: "lab-alpha", command: cmd, node: "nope" })).toMatchObject({
        code: errorCodes.nodeNotFound,
      });
    },
  );

  it("answers 5005 when the lab does not exist", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-nope", command: DEPLOY })).toMatchObject({ code: errorCodes.notFound });
  });

  it("answers 5403 when the lab belongs to someone else", async () => {
    const url = await startAntimony();
    const socket = await as("carol", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-alpha", command: DEPLOY })).toMatchObject({ code: errorCodes.noAccess });
  });

  it("lets a collaborator command the lab", async () => {
    const url = await startAntimony();
    const socket = await as("bob", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-alpha", command: DEPLOY })).toEqual({ payload: null });
  });

  it("answers 5000 to an unknown command", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-alpha", command: 8 })).toMatchObject({ code: errorCodes.generic });
  });

  it("answers 5422 when labId or command is missing", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { command: DEPLOY })).toMatchObject({ code: errorCodes.invalidRequest });
    expect(await command(socket, { labId: "lab-alpha" })).toMatchObject({ code: errorCodes.invalidRequest });
  });

  it("answers 5001 when containerlab fails, and the lab is not running afterwards", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const ack = errorAckSchema.parse(await command(socket, { labId: "lab-broken", command: DEPLOY }));
    expect(ack.code).toBe(errorCodes.containerlab);
    expect(await command(socket, { labId: "lab-broken", command: stopNode, node: "node1" })).toMatchObject({
      code: errorCodes.notRunning,
    });
  });

  it("answers with exactly one argument", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const args = await new Promise<unknown[]>((resolve) =>
      socket.emit("data", { labId: "lab-nope", command: DEPLOY }, (...a: unknown[]) => resolve(a)),
    );
    expect(args).toHaveLength(1);
  });

  it("tells members on /lab-updates when a lab changes", async () => {
    const url = await startAntimony();
    const updates = await as("bob", url, "/lab-updates");
    const socket = await as("alice", url, "/lab-commands");
    const update = next(updates, "data");
    await emitAck(socket, "data", { labId: "lab-alpha", command: DEPLOY });
    expect(labUpdateEventSchema.parse((await update)[0])).toEqual({ payload: { labId: "lab-alpha" } });
  });
});
