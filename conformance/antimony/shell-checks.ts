import {
  errorCodes,
  labCommands,
  namespaces,
  shellBacklogSchema,
  shellCommandEventSchema,
  shellDataSchema,
  shellListAckSchema,
  shellNamespace,
} from "../../protocols/antimony/index.js";
import { Mismatch, pass, type SioClient, skip } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import {
  command,
  commandsAs,
  connectAs,
  ensureDeployed,
  expectError,
  expectPayload,
  mainSetup,
  openShell,
} from "./session.js";

/** The ids in a list-shells answer (antimony.md § Available Commands, command 5). */
export async function listedShells(ctx: Ctx, cmd: SioClient, labId: string): Promise<{ id: string; node: string }[]> {
  const a = await command(ctx, cmd, { labId, command: labCommands.listShells });
  return expectPayload(
    a,
    "list shells (5) acks {payload: {id, node}[]}",
    { payload: "[{id, node}]" },
    shellListAckSchema,
  ) as {
    id: string;
    node: string;
  }[];
}

/**
 * A `/shell-commands` event in either form: the bare object the document shows, or `{payload: {...}}` as the
 * real server sends it (REAL-SERVERS.md; DECISIONS.md D3). The document wraps every other namespace's payload, so
 * the wrapped form is a departure only for the `should` check on the bare form.
 */
export function shellCommandOf(
  raw: unknown,
): { event: ReturnType<typeof shellCommandEventSchema.parse>; wrapped: boolean } | undefined {
  const bare = shellCommandEventSchema.safeParse(raw);
  if (bare.success) return { event: bare.data, wrapped: false };
  const inner = (raw as { payload?: unknown } | null)?.payload;
  const wrapped = shellCommandEventSchema.safeParse(inner);
  return wrapped.success ? { event: wrapped.data, wrapped: true } : undefined;
}

/** Opens a shell, closes it, and returns the owner's close notification (either form). */
async function closeNotification(ctx: Ctx) {
  const setup = mainSetup(ctx);
  if (typeof setup === "string") return setup;
  const notices = await connectAs(ctx, setup.token, namespaces.shellCommands);
  const cmd = await commandsAs(ctx, setup.token);
  await ensureDeployed(ctx, setup.token, setup.lab, cmd);
  const node = setup.lab.nodes[0] ?? "";
  const shellId = await openShell(ctx, cmd, setup.lab.id, node);
  const closed = await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.closeShell, shellId });
  expectPayload(closed, "close shell (7) acks {payload: null}", { payload: null });
  const expected = { labId: setup.lab.id, node, shellId, command: 1, message: "a string" };
  for (;;) {
    const got = await notices.next("data");
    if (got.kind === "timeout")
      throw new Mismatch({ title: "closing a shell sends no shell command to its owner", expected, actual: "nothing" });
    const notice = shellCommandOf(got.args[0]);
    if (notice === undefined)
      throw new Mismatch({
        title: "a shell command does not have the documented shape",
        expected,
        actual: got.args[0],
      });
    if (notice.event.shellId !== shellId) continue;
    const e = notice.event;
    if (e.command !== 1 || e.labId !== setup.lab.id || e.node !== node)
      throw new Mismatch({ title: "the close notification names the wrong shell or command", expected, actual: e });
    return { raw: got.args[0], wrapped: notice.wrapped };
  }
}

export const shellChecks: AntimonyCheck[] = [
  {
    id: "antimony.shells.open-list-close",
    level: "must",
    doc: doc("commands"),
    title: "opens a shell (6) with a string id, lists it with its node (5), closes it (7) and lists it no more",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const labId = setup.lab.id;
      const node = setup.lab.nodes.at(-1) ?? "";
      const shellId = await openShell(ctx, cmd, labId, node);
      const listed = await listedShells(ctx, cmd, labId);
      if (!listed.some((s) => s.id === shellId && s.node === node))
        throw new Mismatch({ title: "an open shell is not listed", expected: { id: shellId, node }, actual: listed });
      const closed = await command(ctx, cmd, { labId, command: labCommands.closeShell, shellId });
      expectPayload(closed, "close shell (7) acks {payload: null}", { payload: null });
      const after = await listedShells(ctx, cmd, labId);
      if (after.some((s) => s.id === shellId))
        throw new Mismatch({ title: "a closed shell is still listed", expected: `no ${shellId}`, actual: after });
      return pass();
    },
  },
  {
    id: "antimony.shells.stopped-node-refused",
    level: "must",
    doc: doc("shellIo"),
    title: "refuses to open a shell on a stopped node (shells only work while the node runs)",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const labId = setup.lab.id;
      const node = setup.lab.nodes[0] ?? "";
      expectPayload(await command(ctx, cmd, { labId, command: labCommands.stopNode, node }), "stop node", {
        payload: null,
      });
      const a = await command(ctx, cmd, { labId, command: labCommands.openShell, node });
      // Which code is the server's choice (DECISIONS.md D7 uses 5003); any documented error is a refusal.
      expectError(a, Object.values(errorCodes), `open shell on stopped node ${node}`);
      await command(ctx, cmd, { labId, command: labCommands.startNode, node });
      return pass();
    },
  },
  {
    id: "antimony.shells.backlog-and-io",
    level: "must",
    doc: doc("shellIo"),
    title: "sends a shell's backlog (string[]) on connect, takes string input, and backlogs every output chunk",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const shellId = await openShell(ctx, cmd, setup.lab.id, setup.lab.nodes[0] ?? "");
      const first = await connectAs(ctx, setup.token, shellNamespace(shellId));
      const backlog = await first.next("backlog");
      const lines = backlog.kind === "event" ? backlog.args[0] : "nothing";
      if (!shellBacklogSchema.safeParse(lines).success)
        throw new Mismatch({ title: "no shell backlog on connect", expected: "backlog: string[]", actual: lines });
      first.emit("data", "echo volley\r");
      // Output is the node's business (a real shell decides what to echo); whatever comes must be strings.
      const output: string[] = [...(lines as string[])];
      for (;;) {
        const got = await first.next("data", ctx.silenceMs);
        if (got.kind === "timeout") break;
        if (!shellDataSchema.safeParse(got.args[0]).success)
          throw new Mismatch({ title: "shell output is not a string", expected: "string", actual: got.args[0] });
        output.push(got.args[0] as string);
      }
      const second = await connectAs(ctx, setup.token, shellNamespace(shellId));
      const again = await second.next("backlog");
      const joined = again.kind === "event" && Array.isArray(again.args[0]) ? again.args[0].join("") : "";
      if (!joined.includes(output.join("")))
        throw new Mismatch({
          title: "a later backlog lacks output already transmitted",
          expected: output,
          actual: again.kind === "event" ? again.args[0] : "no backlog",
        });
      await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.closeShell, shellId });
      return pass();
    },
  },
  {
    id: "antimony.shell-commands.close-notifies-owner",
    level: "must",
    doc: doc("shellCommands"),
    title: "tells the shell's owner on /shell-commands that the shell was closed (command 1)",
    run: async (ctx) => {
      const r = await closeNotification(ctx);
      return typeof r === "string" ? skip(r) : pass();
    },
  },
  {
    id: "antimony.shell-commands.bare-payload",
    level: "should",
    doc: doc("shellCommands"),
    title: "sends shell commands as the bare object the document shows, not wrapped in {payload}",
    run: async (ctx) => {
      const r = await closeNotification(ctx);
      if (typeof r === "string") return skip(r);
      if (r.wrapped)
        throw new Mismatch({
          title: "the shell command is wrapped in {payload}, as the real server does (REAL-SERVERS.md; D3)",
          expected: "{labId, node, shellId, command, message}",
          actual: r.raw,
        });
      return pass();
    },
  },
];
