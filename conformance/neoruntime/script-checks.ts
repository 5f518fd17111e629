import { fail, pass, setUpStep, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck, QUOTES } from "./doc.js";
import { lists, pathOfEntry } from "./documented.js";
import {
  createFixtureScript,
  FAILURE_SHAPE,
  freshScriptPath,
  isCurrent,
  listOf,
  loginOf,
  NO_LOGIN,
  removeScripts,
  STEPS,
  scriptAction,
  selectScript,
  signIn,
  statusOf,
} from "./session.js";

/**
 * A check that needs an authenticated connection ("all actions ... are available", § Connect step 3); `pointer`
 * says what it enforces, and a `decision` in it makes the check a `should`.
 */
function authed(
  id: string,
  pointer: ReturnType<typeof doc>,
  title: string,
  run: (ctx: Ctx, client: Awaited<ReturnType<typeof signIn>>) => Promise<Verdict>,
): NeoCheck {
  return {
    id: `neoruntime.${id}`,
    level: pointer.decision === undefined ? "must" : "should",
    doc: pointer,
    title,
    run: async (ctx) => {
      const login = loginOf(ctx);
      return login === undefined ? skip(NO_LOGIN) : run(ctx, await signIn(ctx, login));
    },
  };
}

export const scriptChecks: readonly NeoCheck[] = [
  authed(
    "status.shape",
    doc("status", QUOTES.status),
    "acks NeoRuntime/status with currentScript, scriptIsExited and uptime",
    async (ctx, c) => {
      // statusOf fails the check unless the ack fits the "Return/status" table: the three fields, of its types.
      await statusOf(ctx, c);
      return pass();
    },
  ),
  authed(
    "scripts.list-shape",
    doc("list", QUOTES.list),
    "acks NeoRuntime/Scripts/get with a local and a remote list",
    async (ctx, c) => {
      await listOf(ctx, c);
      return pass();
    },
  ),
  authed(
    "scripts.create-lists-script",
    doc("create", QUOTES.create),
    "creates a new local/ script: res true, then listed under local",
    async (ctx, c) => {
      const path = freshScriptPath();
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Create", path);
      if (!outcome.res)
        return fail({
          title: `NeoRuntime/Script/Create of a new ${path} succeeds`,
          expected: { res: true },
          actual: outcome,
        });
      const listing = await setUpStep(STEPS.list, () => listOf(ctx, c));
      await removeScripts(ctx, c, [path]);
      // A created local/ path is a local script, so § Scripts/get lists it under local (in whatever entry form).
      return lists(listing.local, path)
        ? pass()
        : fail({
            title: `a created ${path} is listed under local`,
            expected: { local: [`<${path}>`] },
            actual: listing,
          });
    },
  ),
  authed(
    "scripts.create-existing-fails",
    doc("create", QUOTES.failed, 'REAL-SERVERS: Create answers a failure when the script exists ("already exists")'),
    "answers Script/Create of an existing script with res false and a message (REAL-SERVERS.md)",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createFixtureScript(ctx, c, path);
      const again = await scriptAction(ctx, c, "NeoRuntime/Script/Create", path);
      await removeScripts(ctx, c, [path]);
      return again.res
        ? fail({ title: `Script/Create of the existing ${path} fails`, expected: FAILURE_SHAPE, actual: again })
        : pass();
    },
  ),
  authed(
    "scripts.delete-unlists-script",
    doc("delete", QUOTES.delete),
    "deletes a script: res true, then no longer listed",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createFixtureScript(ctx, c, path);
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", path);
      if (!outcome.res)
        return fail({ title: `Script/Delete of ${path} succeeds`, expected: { res: true }, actual: outcome });
      const listing = await setUpStep(STEPS.list, () => listOf(ctx, c));
      return lists(listing.local, path)
        ? fail({ title: `a deleted ${path} is no longer listed`, expected: `no ${path}`, actual: listing })
        : pass();
    },
  ),
  authed(
    "scripts.delete-missing-fails",
    doc("delete", QUOTES.failed, "D8: Delete of a script that does not exist is a failure (not_found)"),
    "answers Script/Delete of a script that does not exist with res false and a message",
    async (ctx, c) => {
      const path = freshScriptPath();
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", path);
      return outcome.res
        ? fail({ title: `Script/Delete of a missing ${path} fails`, expected: FAILURE_SHAPE, actual: outcome })
        : pass();
    },
  ),
  authed(
    "scripts.remote-not-deletable",
    doc("delete", QUOTES.failed, "REAL-SERVERS: paths under remote/ cannot be deleted"),
    "refuses Script/Delete of a remote/ script: res false, and it stays listed (REAL-SERVERS.md)",
    async (ctx, c) => {
      const entry = (await setUpStep(STEPS.list, () => listOf(ctx, c))).remote[0];
      const remote = pathOfEntry(entry, "remote");
      if (remote === undefined) return skip("the target lists no remote script whose path can be read");
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", remote);
      const after = await setUpStep(STEPS.list, () => listOf(ctx, c));
      if (!outcome.res && lists(after.remote, remote)) return pass();
      return fail({
        title: `Script/Delete of ${remote} is refused and it stays listed`,
        expected: { ack: FAILURE_SHAPE, listed: true },
        actual: { ack: outcome, list: after },
      });
    },
  ),
  authed(
    "scripts.select-sets-current",
    doc("select", QUOTES.select),
    "selects a script: status then names it the current script",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createFixtureScript(ctx, c, path);
      const status = await selectScript(ctx, c, path);
      await removeScripts(ctx, c, [path]);
      // "Name of current script": the name, or the path it was selected by (the document names scripts by path).
      return isCurrent(status.currentScript, path)
        ? pass()
        : fail({
            title: `after Script/Select ${path}, status names it`,
            expected: { currentScript: path },
            actual: status,
          });
    },
  ),
  authed(
    "scripts.select-missing-no-effect",
    doc("select", QUOTES.select, "D15: Select of a script that does not exist changes nothing"),
    "leaves the current script alone when Script/Select names a script that does not exist",
    async (ctx, c) => {
      const before = await statusOf(ctx, c);
      const path = freshScriptPath();
      const after = await selectScript(ctx, c, path);
      return after.currentScript === before.currentScript
        ? pass()
        : fail({
            title: `Script/Select of a missing ${path} changes nothing`,
            expected: { currentScript: before.currentScript },
            actual: after,
          });
    },
  ),
];
