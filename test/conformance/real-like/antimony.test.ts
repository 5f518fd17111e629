import { afterAll, beforeAll, expect, it } from "vitest";
import { antimonySuite } from "../../../conformance/antimony/index.js";
import { connect, emitAck, refusal } from "../../support/client.js";
import { failedIds, notRun } from "../../support/conformance.js";
import { runIndependent } from "../independent/run-independent.js";
import { ANTIMONY_LABS, ANTIMONY_TOKENS, SHELL_LIMIT, startAntimonyLikeServer } from "./antimony-server.js";

let server: Awaited<ReturnType<typeof startAntimonyLikeServer>>;
beforeAll(async () => {
  server = await startAntimonyLikeServer();
});
afterAll(() => server.close());

it("against an Antimony stand-in, fails only the should check on the bare /shell-commands form, none skipped", async () => {
  const started = Date.now();
  const report = await runIndependent(
    "antimony",
    server.url,
    {
      lab: ANTIMONY_LABS.lab,
      otherToken: ANTIMONY_TOKENS.other,
      failingLab: { id: ANTIMONY_LABS.failing.id },
      undeployedLab: { id: ANTIMONY_LABS.fresh.id, node: ANTIMONY_LABS.fresh.nodes[0] },
      shellLimit: SHELL_LIMIT,
    },
    { token: ANTIMONY_TOKENS.owner },
  );
  expect(report.sioVersion).toBe(4);
  expect(notRun(report)).toEqual({});
  // The wrapped close notification passes close-notifies-owner and the model (a must check may not fail the
  // wrapped form, DECISIONS.md D3) and is reported once, at should level.
  expect(failedIds(report)).toEqual(["antimony.shell-commands.bare-payload"]);
  const wrapped = report.results.find((r) => r.status === "fail");
  expect(wrapped?.level).toBe("should");
  expect(wrapped?.failure?.title).toBe(
    "the shell command is wrapped in {payload}, as the real server does (REAL-SERVERS.md; D3)",
  );
  expect(report.results).toHaveLength(antimonySuite.checks.length);
  expect(report.exitCode).toBe(0);
  expect(Date.now() - started).toBeLessThan(40_000);
}, 60_000);

it("has the real server's refusal messages and takes a lab command as a JSON string", async () => {
  const auth = { token: ANTIMONY_TOKENS.owner };
  expect((await refusal(`${server.url}/logs/${ANTIMONY_LABS.fresh.id}`, { auth })).message).toBe("Invalid namespace");
  expect((await refusal(`${server.url}/lab-commands`)).message).toBe("Unauthorized");
  expect((await refusal(`${server.url}/lab-commands`, { auth: { token: "forged" } })).message).toBe("Invalid Token");
  const cmd = await connect(`${server.url}/lab-commands`, { auth });
  const request = { labId: ANTIMONY_LABS.fresh.id, command: 5 };
  expect(await emitAck(cmd, "data", JSON.stringify(request))).toEqual({ payload: [] });
  expect(await emitAck(cmd, "data", { ...request, command: 8 })).toEqual({ code: 5000, message: "Unknown command" });
});
