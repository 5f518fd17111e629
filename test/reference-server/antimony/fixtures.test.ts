import { describe, expect, it } from "vitest";
import { errorCodes, labCommands } from "../../../protocols/antimony/index.js";
import { antimonyFixturesSchema } from "../../../reference-server/antimony/fixtures.js";
import { mintToken } from "../../../reference-server/antimony/token.js";
import { connect } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";
import { command } from "./antimony-client.js";

const custom = {
  jwtSecret: "a-much-longer-custom-secret",
  users: [{ id: "dana", name: "Dana" }],
  labs: [{ id: "edge", name: "Edge", owner: "dana", nodes: ["r1"] }],
};

describe("antimony fixtures", () => {
  it("gives demo users, labs and a failing lab from parse({})", () => {
    const demo = antimonyFixturesSchema.parse({});
    expect(demo.users.map((u) => u.id)).toEqual(["alice", "bob", "carol"]);
    expect(demo.labs.find((l) => l.failDeploy)?.id).toBe("lab-broken");
  });

  it("rejects a lab whose owner is not a user, and ids that cannot be namespace segments", () => {
    expect(
      antimonyFixturesSchema.safeParse({ labs: [{ id: "x", name: "X", owner: "zed", nodes: ["n"] }] }).success,
    ).toBe(false);
    expect(
      antimonyFixturesSchema.safeParse({ labs: [{ id: "a/b", name: "X", owner: "alice", nodes: ["n"] }] }).success,
    ).toBe(false);
  });

  it("serves a fixtures file's users, secret and labs", async () => {
    const { url, server } = await startTestApi("antimony", {
      fixtures: custom,
      options: { simulation: { deployMs: 10, logLinesPerSecond: 0 } },
    });
    const token = mintToken(custom.jwtSecret, "dana");
    expect(server.apis[0]?.instance.describe().join("\n")).toContain(token);
    const socket = await connect(`${url}/lab-commands`, { auth: { token } });
    expect(await command(socket, { labId: "edge", command: labCommands.deploy })).toEqual({ payload: null });
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.deploy })).toMatchObject({
      code: errorCodes.notFound,
    });
  });
});
