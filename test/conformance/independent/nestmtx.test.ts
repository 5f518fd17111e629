import { afterAll, beforeAll, expect, test } from "vitest";
import { CAMERA_EVENTS, CREDENTIALS_EVENTS } from "../../../protocols/nestmtx/index.js";
import {
  NESTMTX_EXISTING,
  NESTMTX_EXPIRED_TOKEN,
  NESTMTX_TOKEN,
  PUBLISH_PATH,
  startNestmtxServer,
} from "./nestmtx-server.js";
import { notPassed, runIndependent } from "./run-independent.js";

let server: Awaited<ReturnType<typeof startNestmtxServer>>;
beforeAll(async () => {
  server = await startNestmtxServer();
});
afterAll(() => server.close());

/** Every documented event, published through the server's own route with an entity id no row has. */
const entity = "6f1c0d6e-0000-4000-8000-000000000042";
const triggers = [
  ...CAMERA_EVENTS.map((event) => ({ domain: "camera", event })),
  ...CREDENTIALS_EVENTS.map((event) => ({ domain: "credentials", event })),
].map((t) => ({ ...t, entity, http: { path: PUBLISH_PATH, body: { ...t, entity } } }));

test("a NestMTX server written from the document alone, choosing differently where it is silent, passes every must check", async () => {
  const report = await runIndependent(
    "nestmtx",
    server.url,
    { existing: NESTMTX_EXISTING, expiredToken: NESTMTX_EXPIRED_TOKEN, triggers },
    { token: NESTMTX_TOKEN },
  );
  console.log("nestmtx should checks not passed:", notPassed(report, "should"));
  expect(notPassed(report, "must")).toEqual({});
}, 30_000);
