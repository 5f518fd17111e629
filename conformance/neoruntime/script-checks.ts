import { fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck } from "./doc.js";
import {
  createScript,
  FAILURE_SHAPE,
  freshScriptPath,
  isCurrent,
  listOf,
  loginOf,
  NO_LOGIN,
  removeScripts,
  scriptAction,
  selectScript,
  signIn,
  statusOf,
} from "./session.js";

type Section = Parameters<typeof doc>[0];

/** A check that needs an authenticated connection ("all actions ... are available", § Connect step 3). */
function authed(
  id: string,
  section: Section,
  title: string,
  run: (ctx: Ctx, client: Awaited<ReturnType<typeof signIn>>) => Promise<Verdict>,
  level: "must" | "should" = "must",
): NeoCheck {
  return {
    id: `neoruntime.${id}`,
    level,
    doc: doc(section),
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
    "status",
    "acks NeoRuntime/status with currentScript, scriptIsExited and uptime",
    async (ctx, c) => {
      // statusOf fails the check unless the ack fits the "Return/status" table (D12: uptime a non-negative number).
      await statusOf(ctx, c);
      return pass();
    },
  ),
  authed("scripts.list-shape", "list", "acks NeoRuntime/Scripts/get with a local and a remote list", async (ctx, c) => {
    await listOf(ctx, c);
    return pass();
  }),
  authed(
    "scripts.create-lists-script",
    "create",
    "creates a new local/ script: res true, then listed under local",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createScript(ctx, c, path);
      const listing = await listOf(ctx, c);
      await removeScripts(ctx, c, [path]);
      // D10: a new local/ path is created and then listed; where it is listed follows from its location.
      return listing.local.includes(path)
        ? pass()
        : fail({ title: `a created ${path} is listed under local`, expected: path, actual: listing.local });
    },
  ),
  authed(
    "scripts.create-existing-fails",
    "create",
    "answers Script/Create of an existing script with res false and a message (REAL-SERVERS.md)",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createScript(ctx, c, path);
      const again = await scriptAction(ctx, c, "NeoRuntime/Script/Create", path);
      await removeScripts(ctx, c, [path]);
      return again.res
        ? fail({ title: `Script/Create of the existing ${path} fails`, expected: FAILURE_SHAPE, actual: again })
        : pass();
    },
  ),
  authed(
    "scripts.delete-unlists-script",
    "delete",
    "deletes a script: res true, then no longer listed",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createScript(ctx, c, path);
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", path);
      if (!outcome.res)
        return fail({ title: `Script/Delete of ${path} succeeds`, expected: { res: true }, actual: outcome });
      const listing = await listOf(ctx, c);
      return listing.local.includes(path)
        ? fail({ title: `a deleted ${path} is no longer listed`, expected: `no ${path}`, actual: listing.local })
        : pass();
    },
  ),
  authed(
    "scripts.delete-missing-fails",
    "delete",
    "answers Script/Delete of a script that does not exist with res false and a message",
    async (ctx, c) => {
      const path = freshScriptPath();
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", path);
      return outcome.res
        ? fail({ title: `Script/Delete of a missing ${path} fails`, expected: FAILURE_SHAPE, actual: outcome })
        : pass();
    },
    "should",
  ),
  authed(
    "scripts.remote-not-deletable",
    "delete",
    "refuses Script/Delete of a remote/ script: res false, and it stays listed (REAL-SERVERS.md)",
    async (ctx, c) => {
      const remote = (await listOf(ctx, c)).remote[0];
      if (remote === undefined) return skip("the target lists no remote script");
      const outcome = await scriptAction(ctx, c, "NeoRuntime/Script/Delete", remote);
      const still = (await listOf(ctx, c)).remote.includes(remote);
      if (!outcome.res && still) return pass();
      return fail({
        title: `Script/Delete of ${remote} is refused and it stays listed`,
        expected: { ack: FAILURE_SHAPE, listed: true },
        actual: { ack: outcome, listed: still },
      });
    },
  ),
  authed(
    "scripts.select-sets-current",
    "select",
    "selects a script: status then names it the current script",
    async (ctx, c) => {
      const path = freshScriptPath();
      await createScript(ctx, c, path);
      const status = await selectScript(ctx, c, path);
      await removeScripts(ctx, c, [path]);
      // D11: currentScript may be the path or the name.
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
    "select",
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
    "should",
  ),
];
