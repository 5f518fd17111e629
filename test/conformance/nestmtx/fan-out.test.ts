import type { Socket } from "socket.io";
import { describe, expect, it } from "vitest";
import { suites } from "../../../conformance/registry.js";
import type { Report } from "../../../conformance/runner/result.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import type { ServerOptionsInput } from "../../../reference-server/options.js";
import {
  NESTMTX_TOKEN as REFERENCE_TOKEN,
  nestmtxFixtures as referenceFixtures,
} from "../../../src/embedded/conformance-targets.js";
import { failedIds } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

/**
 * The reference server with a defect grafted on from outside (no such fault exists in reference-server/nestmtx):
 * `graft` runs for every connection after the server's own handler. Then the given checks are run against it.
 */
async function runGrafted(
  graft: (socket: Socket) => void,
  checks: string[],
  options: ServerOptionsInput = {},
): Promise<Report> {
  const { url, server } = await startTestApi("nestmtx", { options });
  const io = server.apis[0]?.io;
  if (io === undefined) throw new Error("no nestmtx server");
  io.of("/").on("connection", graft);
  const result = await runSuite(suites.nestmtx, {
    api: "nestmtx",
    target: url,
    credentials: { token: REFERENCE_TOKEN },
    fixtures: referenceFixtures,
    seed: 1,
    runs: 5,
    timeoutMs: 1_000,
    silenceMs: 200,
    deadlineMs: 15_000,
    checks,
    expectations: { expectedFailures: {} },
    sioVersion: 4,
    strict: true,
  });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe("the nestmtx suite's fan-out checks", () => {
  it("fail a server whose answers also reach sockets that did not ask", async () => {
    const report = await runGrafted(
      (socket) => {
        const emit = socket.emit.bind(socket);
        socket.emit = ((event: string, ...args: unknown[]) => {
          if (event.startsWith("volley-")) socket.broadcast.emit(event, ...args);
          return emit(event, ...args);
        }) as typeof socket.emit;
      },
      ["nestmtx.requests.answer-only-to-asker", "nestmtx.crud.model"],
    );
    expect(failedIds(report)).toEqual(["nestmtx.requests.answer-only-to-asker", "nestmtx.crud.model"]);
    expect(report.results[1]?.failure?.title).toBe("an answer reaches only the client that asked");
  });

  it("fail a server that leaves one authenticated socket out of status updates", async () => {
    const report = await runGrafted(
      (socket) => {
        // The suite's third client of a model sequence (and third watcher) brings its token in the query.
        if (socket.handshake.query.token !== undefined) socket.leave("authenticated");
      },
      ["nestmtx.topics.every-authenticated-socket", "nestmtx.crud.model"],
      // Feeds stepping every 20 ms: every model sequence sees updates published while it runs.
      { simulation: { deployMs: 20 } },
    );
    expect(failedIds(report)).toEqual(["nestmtx.crud.model", "nestmtx.topics.every-authenticated-socket"]);
    expect(report.results.find((r) => r.id === "nestmtx.crud.model")?.failure?.title).toMatch(
      /^every authenticated socket receives each status update/,
    );
  });
});
