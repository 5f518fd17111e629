import {
  errorCodes,
  labCommands,
  labLogsNamespace,
  namespaces,
  nodeLogsNamespace,
  shellNamespace,
} from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, type SioClient } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import {
  command,
  commandsAs,
  connectAs,
  ensureDeployed,
  expectError,
  type Main,
  openAs,
  openShell,
  ready,
  type Setup,
  twoUsers,
} from "./session.js";
import { listedShells } from "./shell-checks.js";

/** Both users, the owner's lab deployed and the owner's `/lab-commands` connection. */
async function deployedForTwo(ctx: Ctx): Promise<Setup<Main & { readonly other: string; readonly cmd: SioClient }>> {
  const s = twoUsers(ctx);
  if (!s.ok) return s;
  const cmd = await commandsAs(ctx, s.value.token);
  const d = await ensureDeployed(ctx, s.value.token, s.value.lab, cmd);
  return d.ok ? ready({ ...s.value, cmd }) : d;
}

export const accessChecks: AntimonyCheck[] = [
  {
    id: "antimony.access.foreign-lab-5403",
    level: "must",
    doc: doc("errors", QUOTES.noAccess),
    title: "answers 5403 to deploy, destroy and list shells on a lab the user has no access to",
    run: async (ctx) => {
      // On a running lab, where no state-dependent code (5003 for destroying a destroyed lab) fits before access.
      const s = await deployedForTwo(ctx);
      if (!s.ok) return s.verdict;
      const cmd = await commandsAs(ctx, s.value.other);
      for (const c of [labCommands.listShells, labCommands.deploy, labCommands.destroy]) {
        const a = await command(ctx, cmd, { labId: s.value.lab.id, command: c });
        expectError(a, [errorCodes.noAccess], `another user's command ${c} on lab ${s.value.lab.id}`);
      }
      return pass();
    },
  },
  {
    id: "antimony.access.foreign-lab-node-and-shell-commands",
    level: "should",
    doc: doc("errors", QUOTES.noAccess),
    title: "refuses node and shell commands (2, 3, 4, 6, 7) on a lab the user has no access to",
    run: async (ctx) => {
      const s = await deployedForTwo(ctx);
      if (!s.ok) return s.verdict;
      const { lab, cmd: mine } = s.value;
      const node = lab.nodes[0] ?? "";
      const shell = await openShell(ctx, mine, lab.id, node);
      if (!shell.ok) return shell.verdict;
      const shellId = shell.value;
      const cmd = await commandsAs(ctx, s.value.other);
      for (const c of [labCommands.stopNode, labCommands.startNode, labCommands.restartNode, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: lab.id, command: c, node });
        expectError(a, [errorCodes.noAccess], `another user's command ${c} on node ${node}`);
      }
      // Another user's shell may be "no access" or "not found": both keep it out of reach (DECISIONS.md D5).
      const close = await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId });
      expectError(close, [errorCodes.noAccess, errorCodes.shellNotFound], "another user closes the owner's shell");
      const still = await listedShells(ctx, mine, lab.id);
      if (!still.list.some((x) => x.id === shellId))
        throw new Mismatch({ title: "another user closed the owner's shell", expected: shellId, actual: still.raw });
      await command(ctx, mine, { labId: lab.id, command: labCommands.closeShell, shellId });
      return pass();
    },
  },
  {
    id: "antimony.access.foreign-logs-refused",
    level: "should",
    doc: doc("labLogs", QUOTES.auth),
    title: "refuses another user's connection to a lab's /logs/<labId> and /logs/<labId>/<node>",
    run: async (ctx) => {
      const s = await deployedForTwo(ctx);
      if (!s.ok) return s.verdict;
      const { lab } = s.value;
      for (const namespace of [labLogsNamespace(lab.id), nodeLogsNamespace(lab.id, lab.nodes[0] ?? "")]) {
        const r = await openAs(ctx, s.value.other, namespace);
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
    doc: doc("shellIo", QUOTES.auth),
    title: "refuses another user's connection to a shell's /shells/<shellId>",
    run: async (ctx) => {
      const s = await deployedForTwo(ctx);
      if (!s.ok) return s.verdict;
      const { lab, cmd } = s.value;
      const shell = await openShell(ctx, cmd, lab.id, lab.nodes[0] ?? "");
      if (!shell.ok) return shell.verdict;
      const r = await openAs(ctx, s.value.other, shellNamespace(shell.value));
      await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId: shell.value });
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
    doc: doc("shellCommands", QUOTES.shellCommands),
    title: "sends a shell's /shell-commands notifications to its owner only",
    run: async (ctx) => {
      const s = await deployedForTwo(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab, cmd } = s.value;
      const others = await connectAs(ctx, s.value.other, namespaces.shellCommands);
      const owners = await connectAs(ctx, token, namespaces.shellCommands);
      const shell = await openShell(ctx, cmd, lab.id, lab.nodes[0] ?? "");
      if (!shell.ok) return shell.verdict;
      await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId: shell.value });
      // The owner's notification is a round trip: once it is here, a leaked copy would be too.
      await owners.next("data");
      const leaked = await others.silence("data");
      if (leaked.kind === "event")
        return fail({
          title: "another user hears about the owner's shell",
          expected: "nothing on the other user's /shell-commands",
          actual: leaked.args[0],
        });
      return pass();
    },
  },
];
