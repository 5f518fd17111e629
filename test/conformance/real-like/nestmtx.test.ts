import { afterAll, beforeAll, expect, it } from "vitest";
import { nestmtxSuite } from "../../../conformance/nestmtx/index.js";
import { CAMERA_EVENTS, CREDENTIALS_EVENTS } from "../../../protocols/nestmtx/index.js";
import { connect, next } from "../../support/client.js";
import { failedIds, notRun } from "../../support/conformance.js";
import { runIndependent } from "../independent/run-independent.js";
import { NESTMTX_LIKE, PUBLISH_PATH, startNestmtxLikeServer } from "./nestmtx-server.js";

let server: Awaited<ReturnType<typeof startNestmtxLikeServer>>;
beforeAll(async () => {
  server = await startNestmtxLikeServer();
});
afterAll(() => server.close());

/** Every documented event, published through the stand-in's route, naming an entity no row has. */
const triggers = [
  ...CAMERA_EVENTS.map((event) => ({ domain: "camera", event })),
  ...CREDENTIALS_EVENTS.map((event) => ({ domain: "credentials", event })),
].map((t) => ({ ...t, entity: 4242, http: { path: PUBLISH_PATH, body: { ...t, entity: 4242 } } }));

it("against a NestMTX stand-in, fails only the nestmtx:* check, none skipped", async () => {
  const started = Date.now();
  const report = await runIndependent(
    "nestmtx",
    server.url,
    { existing: NESTMTX_LIKE.existing, expiredToken: NESTMTX_LIKE.expiredToken, triggers },
    { token: NESTMTX_LIKE.token },
  );
  // allowEIO3 does not make it a 2.x server: the suite talks Socket.IO 4 to it.
  expect(report.sioVersion).toBe(4);
  expect(notRun(report)).toEqual({});
  // Its bare `<event>` emits, the replayed log, its extra modules and its `failure` event are no departures.
  expect(failedIds(report)).toEqual(["nestmtx.topics.application-wildcard"]);
  const wildcard = report.results.find((r) => r.status === "fail");
  expect(wildcard?.level).toBe("must");
  expect(wildcard?.failure?.expected).toContain('the real NestMTX server omits "nestmtx:*"');
  expect(wildcard?.failure?.actual).toBe('nothing on "nestmtx:*"');
  expect(report.results).toHaveLength(nestmtxSuite.checks.length);
  expect(report.exitCode).toBe(1);
  expect(Date.now() - started).toBeLessThan(30_000);
}, 60_000);

it("has the quirks the run passed over: a bare <event> emit and modules the document does not name", async () => {
  const fresh = await startNestmtxLikeServer();
  const socket = await connect(fresh.url, { auth: { token: NESTMTX_LIKE.token } });
  try {
    const bare = next(socket, "ready");
    const res = await fetch(`${fresh.url}${PUBLISH_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${NESTMTX_LIKE.token}` },
      body: JSON.stringify({ domain: "camera", event: "ready", entity: 1 }),
      signal: AbortSignal.timeout(2_000),
    });
    expect(res.status).toBe(204);
    expect((await bare)[0]).toMatchObject({ domain: "camera", event: "ready", entity: 1 });
    const health = next(socket, "h1");
    socket.emit("request", { command: "list", module: "health", requestId: "h1" });
    expect((await health)[0]).toEqual({ status: "ok" });
  } finally {
    socket.close();
    await fresh.close();
  }
});
