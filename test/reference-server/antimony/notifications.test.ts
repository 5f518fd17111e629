import { describe, expect, it } from "vitest";
import {
  labCommands,
  labUpdateEventSchema,
  severities,
  statusMessageEventSchema,
} from "../../../protocols/antimony/index.js";
import { next, silence } from "../../support/client.js";
import { as, command, startAntimony, until } from "./antimony-client.js";

describe("antimony /status-messages and /lab-updates", () => {
  it("sends status messages for a deploy to the lab's members: info on start, success at the end", async () => {
    const url = await startAntimony();
    const status = await as("bob", url, "/status-messages");
    const start = next(status, "data");
    const commands = await as("alice", url, "/lab-commands");
    const ack = command(commands, { labId: "lab-alpha", command: labCommands.deploy });
    const started = statusMessageEventSchema.parse((await start)[0]);
    expect(started.payload.severity).toBe(severities.info);
    const end = next(status, "data");
    await ack;
    const ended = statusMessageEventSchema.parse((await end)[0]);
    expect(ended.payload.severity).toBe(severities.success);
    expect(ended.payload.id).not.toBe(started.payload.id);
  });

  it("sends an error status message when containerlab fails", async () => {
    const url = await startAntimony();
    const status = await as("alice", url, "/status-messages");
    const commands = await as("alice", url, "/lab-commands");
    const severityOf = (m: unknown) => statusMessageEventSchema.parse(m).payload.severity;
    const failed = until(status, "data", (seen) => seen.some((m) => severityOf(m) === severities.error));
    await command(commands, { labId: "lab-broken", command: labCommands.deploy });
    expect((await failed).map(severityOf)).toEqual([severities.info, severities.error]);
  });

  it("sends nothing about a lab to a user who has no access to it", async () => {
    const url = await startAntimony();
    const status = await as("carol", url, "/status-messages");
    const updates = await as("carol", url, "/lab-updates");
    const quiet = Promise.all([silence(status, "data"), silence(updates, "data")]);
    const commands = await as("alice", url, "/lab-commands");
    await command(commands, { labId: "lab-alpha", command: labCommands.deploy });
    await quiet;
  });

  it("sends a lab update naming the lab to every socket of every member", async () => {
    const url = await startAntimony();
    const tabs = [await as("alice", url, "/lab-updates"), await as("alice", url, "/lab-updates")];
    const bob = await as("bob", url, "/lab-updates");
    const updates = [...tabs, bob].map((s) => next(s, "data"));
    const commands = await as("alice", url, "/lab-commands");
    await command(commands, { labId: "lab-alpha", command: labCommands.deploy });
    for (const update of updates) {
      expect(labUpdateEventSchema.parse((await update)[0]).payload.labId).toBe("lab-alpha");
    }
  });
});
