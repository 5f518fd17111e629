import { describe, expect, it } from "vitest";
import { nestmtxFixturesSchema } from "../../../reference-server/nestmtx/fixtures.js";
import { TokenStore } from "../../../reference-server/nestmtx/tokens.js";
import { refusal } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";
import { ADMIN, ask, connectAs, QUIET, startNestmtx } from "./session.js";

describe("the NestMTX reference server", () => {
  it("has demo fixtures: two users with tokens, one credential, three cameras", () => {
    const demo = nestmtxFixturesSchema.parse({});
    expect(demo.users.map((u) => u.token)).toEqual([ADMIN.token, "oat_demo-viewer-token"]);
    expect(demo.credentials).toHaveLength(1);
    expect(demo.cameras.filter((c) => c.is_enabled)).toHaveLength(2);
  });

  it("refuses fixtures whose camera names a credential that does not exist", () => {
    const bad = { credentials: [], cameras: [{ credential_id: 1, room: "r", name: "n" }] };
    expect(nestmtxFixturesSchema.safeParse(bad).success).toBe(false);
  });

  it("serves the users of a fixtures file instead of the demo users", async () => {
    const { url, server } = await startTestApi("nestmtx", {
      options: QUIET,
      fixtures: { users: [{ username: "ops", password: "ops-password", token: "oat_ops-token" }] },
    });
    const socket = await connectAs(url, "oat_ops-token");
    expect(await ask(socket, { command: "list", module: "users" })).toMatchObject({
      total: 1,
      items: [{ username: "ops" }],
    });
    await refusal(url, { auth: { token: ADMIN.token } });
    expect(server.apis[0]?.instance.describe().join("\n")).toContain("oat_ops-token");
  });

  it("counts answered errors and refused connections in its metrics", async () => {
    const url = await startNestmtx();
    await refusal(url, { auth: { token: "oat_nope" } });
    const socket = await connectAs(url, ADMIN.token);
    await ask(socket, { command: "read", module: "users", entity: "999" });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/volley_server_errors_total\{api="nestmtx",code="not_found"\} 1/);
    expect(text).toMatch(/volley_server_connection_refusals_total\{[^}]*reason="invalid_token"[^}]*\} 1/);
    expect(text).toMatch(/volley_server_events_received_total\{[^}]*event="request"[^}]*\} 1/);
  });
});

describe("NestMTX bearer tokens", () => {
  it("expire after a day", () => {
    let now = 0;
    const tokens = new TokenStore(10, () => now);
    const { bearer, expiration } = tokens.issue(7);
    expect(tokens.verify(bearer)).toBe(7);
    expect(Date.parse(expiration)).toBe(24 * 60 * 60 * 1000);
    now = 24 * 60 * 60 * 1000;
    expect(tokens.verify(bearer)).toBeUndefined();
  });

  it("forget the oldest grant past the cap, and all of a user's grants on revocation", () => {
    const tokens = new TokenStore(2);
    const first = tokens.issue(1).bearer;
    const second = tokens.issue(2).bearer;
    const third = tokens.issue(2).bearer;
    expect(tokens.verify(first)).toBeUndefined();
    expect(tokens.verify(second)).toBe(2);
    tokens.revokeUser(2);
    expect([tokens.verify(second), tokens.verify(third)]).toEqual([undefined, undefined]);
  });
});
