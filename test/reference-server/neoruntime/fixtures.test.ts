import { describe, expect, it } from "vitest";
import { scriptListSchema } from "../../../protocols/neoruntime/index.js";
import { neoruntimeFixturesSchema } from "../../../reference-server/neoruntime/fixtures.js";
import { startTestApi } from "../../support/server.js";
import { collect, connectNeo, login, rawAck, sha256Hex, startNeoruntime } from "./session.js";

describe("neoruntime fixtures", () => {
  it("gives demo users and local and remote scripts from parse({})", () => {
    const demo = neoruntimeFixturesSchema.parse({});
    expect(demo.users.map((u) => u.username)).toEqual(["admin", "guest"]);
    expect(demo.scripts.local.map((s) => s.name)).toEqual(["example", "countdown"]);
    expect(demo.scripts.remote.map((s) => s.name)).toEqual(["rainbow"]);
  });

  it("rejects duplicate usernames, duplicate script names, bad names and unknown keys", () => {
    const user = { username: "a", password: "p" };
    expect(neoruntimeFixturesSchema.safeParse({ users: [user, user] }).success).toBe(false);
    expect(neoruntimeFixturesSchema.safeParse({ scripts: { local: [{ name: "x" }, { name: "x" }] } }).success).toBe(
      false,
    );
    expect(neoruntimeFixturesSchema.safeParse({ scripts: { remote: [{ name: "../x" }] } }).success).toBe(false);
    expect(neoruntimeFixturesSchema.safeParse({ tokens: [] }).success).toBe(false);
  });

  it("serves the users and scripts of a fixtures object, with a script that exits after its lines", async () => {
    const url = await startNeoruntime({
      options: { simulation: { scriptOutputPerSecond: 100 } },
      fixtures: {
        users: [{ username: "alice", password: "s3cret" }],
        scripts: { local: [{ name: "blink", exitAfterLines: 1 }], remote: [] },
      },
    });
    const refused = await connectNeo(url);
    expect(await rawAck(refused, "authenticate", "admin", sha256Hex("neopixel"))).toBe(false);
    const { socket } = await login(url, { username: "alice", password: "s3cret" });
    expect(scriptListSchema.parse(await rawAck(socket, "NeoRuntime/Scripts/get"))).toEqual({
      local: [{ name: "blink", loc: "local", path: "local/blink", lang: "python" }],
      remote: [],
    });
    await rawAck(socket, "NeoRuntime/status::join");
    const changes = collect(socket, "NeoRuntime/status", 2);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/blink");
    expect((await changes)[1]).toMatchObject({ scriptIsExited: true });
  });

  it("prints each user's password hash in describe()", async () => {
    const { server } = await startTestApi("neoruntime");
    const lines = server.apis[0]?.instance.describe().join("\n") ?? "";
    expect(lines).toContain(`admin / neopixel   sha256 ${sha256Hex("neopixel")}`);
    expect(lines).toContain("local/countdown (exits after 5 lines)");
  });
});
