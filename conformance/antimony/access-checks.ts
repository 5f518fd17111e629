import {
  errorCodes,
  labCommands,
  labLogsNamespace,
  namespaces,
  nodeLogsNamespace,
  shellNamespace,
} from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, skip } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import {
  command,
  commandsAs,
  connectAs,
  ensureDeployed,
  expectError,
  mainSetup,
  openAs,
  openShell,
} from "./session.js";
import { listedShells, shellCommandOf } from "./shell-checks.js";

/** The main user and lab, a second user without access to the lab; or why the check is skipped. */
function twoUsers(ctx: Ctx) {
  const setup = mainSetup(ctx);
  if (typeof setup === "string") return setup;
  const other = ctx.fixtures.otherToken;
  return other === undefined ? "needs fixtures `otherToken` (a user without access to the lab)" : { ...setup, other };
}

export const accessChecks: AntimonyCheck[] = [
  {
    id: "antimony.access.foreign-lab-5403",
    level: "must",
    doc: doc("errors"),
    title: "answers 5403 to deploy, destroy and list shells on a lab the user has no access to",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (typeof s === "string") return skip(s);
      const cmd = await commandsAs(ctx, s.other);
      for (const c of [labCommands.listShells, labCommands.deploy, labCommands.destroy]) {
        const a = await command(ctx, cmd, { labId: s.lab.id, command: c });
        expectError(a, [errorCodes.noAccess], `another user's command ${c} on lab ${s.lab.id}`);
      }
      return pass();
    },
  },
  {
    id: "antimony.access.foreign-lab-node-and-shell-commands",
    level: "should",
    doc: doc("errors"),
    title: "refuses node and shell commands (2, 3, 4, 6, 7) on a lab the user has no access to",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (typeof s === "string") return skip(s);
      const mine = await commandsAs(ctx, s.token);
      await ensureDeployed(ctx, s.token, s.lab, mine);
      const node = s.lab.nodes[0] ?? "";
      const shellId = await openShell(ctx, mine, s.lab.id, node);
      const cmd = await commandsAs(ctx, s.other);
      for (const c of [labCommands.stopNode, labCommands.startNode, labCommands.restartNode, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: s.lab.id, command: c, node });
        expectError(a, [errorCodes.noAccess], `another user's command ${c} on node ${node}`);
      }
      // Another user's shell may be "no access" or "not found": both keep it out of reach (DECISIONS.md D5).
      const close = await command(ctx, cmd, { labId: s.lab.id, command: labCommands.closeShell, shellId });
      expectError(close, [errorCodes.noAccess, errorCodes.shellNotFound], "another user closes the owner's shell");
      const still = await listedShells(ctx, mine, s.lab.id);
      if (!still.some((x) => x.id === shellId))
        throw new Mismatch({ title: "another user closed the owner's shell", expected: shellId, actual: still });
      await command(ctx, mine, { labId: s.lab.id, command: labCommands.closeShell, shellId });
      return pass();
    },
  },
  {
    id: "antimony.access.foreign-logs-refused",
    level: "should",
    doc: doc("labLogs"),
    title: "refuses another user's connection to a lab's /logs/<labId> and /logs/<labId>/<node>",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (typeof s === "string") return skip(s);
      await ensureDeployed(ctx, s.token, s.lab, await commandsAs(ctx, s.token));
      for (const namespace of [labLogsNamespace(s.lab.id), nodeLogsNamespace(s.lab.id, s.lab.nodes[0] ?? "")]) {
        const r = await openAs(ctx, s.other, namespace);
        if (r.ok)
          return fail({
            title: `another user may read ${namespace}`,
            expected: "refused (No Access)",
            actual: "connected",
          });
      }
      return pass();
    },
  },
  {
    id: "antimony.access.foreign-shell-refused",
    level: "should",
    doc: doc("shellIo"),
    title: "refuses another user's connection to a shell's /shells/<shellId>",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (typeof s === "string") return skip(s);
      const cmd = await commandsAs(ctx, s.token);
      await ensureDeployed(ctx, s.token, s.lab, cmd);
      const shellId = await openShell(ctx, cmd, s.lab.id, s.lab.nodes[0] ?? "");
      const r = await openAs(ctx, s.other, shellNamespace(shellId));
      await command(ctx, cmd, { labId: s.lab.id, command: labCommands.closeShell, shellId });
      return r.ok
        ? fail({
            title: "another user may use the owner's shell",
            expected: "refused (No Access)",
            actual: "connected",
          })
        : pass();
    },
  },
  {
    id: "antimony.access.no-foreign-shell-commands",
    level: "should",
    doc: doc("shellCommands"),
    title: "sends a shell's /shell-commands notifications to its owner only",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (typeof s === "string") return skip(s);
      const others = await connectAs(ctx, s.other, namespaces.shellCommands);
      const owners = await connectAs(ctx, s.token, namespaces.shellCommands);
      const cmd = await commandsAs(ctx, s.token);
      await ensureDeployed(ctx, s.token, s.lab, cmd);
      const shellId = await openShell(ctx, cmd, s.lab.id, s.lab.nodes[0] ?? "");
      await command(ctx, cmd, { labId: s.lab.id, command: labCommands.closeShell, shellId });
      // The owner's notification is a round trip: once it is here, a leaked copy would be too.
      await owners.next("data");
      const leaked = await others.silence("data");
      if (leaked.kind === "event")
        return fail({
          title: "another user hears about the owner's shell",
          expected: "nothing on the other user's /shell-commands",
          actual: shellCommandOf(leaked.args[0])?.event ?? leaked.args[0],
        });
      return pass();
    },
  },
];
