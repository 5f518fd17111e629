import { describe, expect, it } from "vitest";
import { ALL_TOPICS, statusUpdateSchema } from "../../../protocols/nestmtx/index.js";
import { FEED_LIFECYCLE } from "../../../reference-server/nestmtx/feed-simulation.js";
import { next } from "../../support/client.js";
import { ADMIN, ask, connectAs, startNestmtx, VIEWER } from "./session.js";

/** The update on a topic and on its two wildcards, which must be the same payload. */
async function onAllThree(socket: Parameters<typeof next>[0], domain: string, event: string) {
  const [[specific], [domainWide], [appWide]] = await Promise.all([
    next(socket, `${domain}:${event}`),
    next(socket, `${domain}:*`),
    next(socket, "nestmtx:*"),
  ]);
  expect(domainWide).toEqual(specific);
  expect(appWide).toEqual(specific);
  return statusUpdateSchema.parse(specific);
}

describe("NestMTX status updates", () => {
  it("lists every topic and wildcard of the document in the protocol definition", () => {
    expect(ALL_TOPICS).toEqual([
      "camera:demand",
      "camera:unDemand",
      "camera:ready",
      "camera:notReady",
      "camera:read",
      "camera:unread",
      "camera:extended",
      "camera:failed-extension",
      "credentials:authenticated",
      "credentials:reauthenticated",
      "credentials:unauthenticated",
      "camera:*",
      "credentials:*",
      "nestmtx:*",
    ]);
  });

  it("emits credentials:authenticated, reauthenticated and unauthenticated on create, update and delete", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    const viewer = await connectAs(url, VIEWER.token);
    const payload = { description: "P", oauth_client_id: "c", oauth_client_secret: "s" };
    let seen = onAllThree(viewer, "credentials", "authenticated");
    const created = (await ask(admin, { command: "create", module: "credentials", payload })) as { id: number };
    expect(await seen).toMatchObject({ domain: "credentials", event: "authenticated", entity: created.id });
    seen = onAllThree(viewer, "credentials", "reauthenticated");
    await ask(admin, {
      command: "update",
      module: "credentials",
      entity: created.id,
      payload: { oauth_client_secret: "t" },
    });
    expect(await seen).toMatchObject({ event: "reauthenticated", entity: created.id });
    seen = onAllThree(viewer, "credentials", "unauthenticated");
    await ask(admin, { command: "delete", module: "credentials", entity: created.id });
    expect(await seen).toMatchObject({ event: "unauthenticated", entity: created.id });
  });

  it("emits camera:ready when a camera is enabled and camera:notReady when it is disabled", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    let seen = onAllThree(admin, "camera", "ready");
    await ask(admin, {
      command: "update",
      module: "cameras",
      entity: "3",
      payload: { mtx_path: "yard", is_enabled: true },
    });
    expect(await seen).toMatchObject({ domain: "camera", event: "ready", entity: 3, details: { mtx_path: "yard" } });
    seen = onAllThree(admin, "camera", "notReady");
    await ask(admin, { command: "update", module: "cameras", entity: "3", payload: { is_enabled: false } });
    expect(await seen).toMatchObject({ event: "notReady", entity: 3 });
  });

  it("steps every enabled camera through all eight camera events every simulation.deployMs", async () => {
    const url = await startNestmtx({ simulation: { logLinesPerSecond: 0, deployMs: 10 } });
    const admin = await connectAs(url, ADMIN.token);
    const events: string[] = [];
    admin.on("camera:*", (u: { entity: number; event: string }) => {
      if (u.entity === 1) events.push(u.event);
    });
    await Promise.all(FEED_LIFECYCLE.map((e) => next(admin, `camera:${e}`)));
    await next(admin, "camera:unDemand");
    expect(new Set(events)).toEqual(new Set(FEED_LIFECYCLE));
  });

  it("publishes an update on demand through POST /api/simulate, and refuses it without a token", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    const body = JSON.stringify({ domain: "camera", event: "extended", entity: 2, details: { by: "test" } });
    const seen = onAllThree(admin, "camera", "extended");
    const res = await fetch(`${url}/api/simulate`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN.token}` },
      body,
    });
    expect(res.status).toBe(202);
    expect(await seen).toMatchObject({ entity: 2, details: { by: "test" } });
    expect((await fetch(`${url}/api/simulate`, { method: "POST", body })).status).toBe(401);
    const mismatched = JSON.stringify({ domain: "credentials", event: "ready" });
    const bad = await fetch(`${url}/api/simulate`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN.token}` },
      body: mismatched,
    });
    expect(bad.status).toBe(400);
  });
});
