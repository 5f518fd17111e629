/**
 * The public surface for writing and running conformance suites (docs/conformance.md, "Writing checks"):
 *
 *   export const antimonySuite = defineSuite({ api: "antimony", fixtures: antimonyFixtures, checks: [...] });
 *
 * A check returns pass() / fail({title, expected, actual}) / skip(reason); its clients come from ctx.clients and
 * record every exchange. Model-based runs are checks whose run calls runModel(ctx, {commands, setup}).
 */

export { arbitraryOf } from "./arbitraries/arbitrary-of.js";
export { HOSTILE_STRINGS, type Mutation, mutationList, mutationsOf } from "./arbitraries/mutations-of.js";
export {
  blocked,
  type Check,
  type CheckContext,
  type Credentials,
  type DocPointer,
  type Failure,
  fail,
  type Level,
  Mismatch,
  pass,
  SetupBlocked,
  setUpStep,
  skip,
  type Verdict,
} from "./check.js";
export { type ClientFactory, ConnectionProblem } from "./client/client-factory.js";
export type { ConnectRequest, ConnectResult, Received, Silence, SioClient } from "./client/sio-client.js";
export type { Exchange } from "./client/transcript.js";
export { type ModelSpec, runModel } from "./model/run-model.js";
export { runProperty } from "./model/run-property.js";
// Running suites. The registry (conformance/registry.ts) is not re-exported here: the per-API suites import this
// file, and the registry imports them.
export type { CheckResult, Classification, Report } from "./runner/result.js";
export { type RunListener, type RunOptions, runSuite } from "./runner/run-suite.js";
export { type AnySuite, defineSuite, type Suite } from "./suite.js";
