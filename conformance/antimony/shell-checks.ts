import { errorCodes, labCommands, namespaces, shellNamespace } from "../../protocols/antimony/index.js";
import { Mismatch, pass, type SioClient } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import {
  backlogSchema,
  lineSchema,
  nullAckSchema,
  shellCommandEventSchema,
  shellIdAckSchema,
  shellListAckSchema,
} from "./documented.js";
import {
  command,
  connectAs,
  deployedSetup,
  expectError,
  expectPayload,
  openShell,
  ownerOpens,
  ready,
  type Setup,
  shown,
  step,
} from "./session.js";

type Listed = { id: string; node: string }[];

/** A list-shells answer (antimony.md § Available Commands, command 5): the ack as it came and its shells. */
export async function listedShells(ctx: Ctx, cmd: SioClient, labId: string): Promise<{ raw: unknown; list: Listed }> {
  const a = await command(ctx, cmd, { labId, command: labCommands.listShells });
  const list = expectPayload(
    a,
    "list shells (5) acks {payload: {id, node}[]}",
    { payload: "[{id, node}]" },
    shellListAckSchema,
  );
  return { raw: shown(a), list: list as Listed };
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

/**
 * The owner's close notification of `shellId` on `notices`, in either form (the events about other shells are
 * passed over), or a Mismatch.
 */
export async function closeNoticeOf(notices: SioClient, expected: { labId: string; node: string; shellId: string }) {
  const want = { ...expected, command: 1, message: "a string" };
  for (;;) {
    const got = await notices.next("data");
    if (got.kind === "timeout")
      throw new Mismatch({
        title: "closing a shell sends its owner no shell command",
        expected: want,
        actual: "nothing",
      });
    const notice = shellCommandOf(got.args[0]);
    if (notice === undefined)
      throw new Mismatch({
        title: "a shell command departs from the documented shape",
        expected: want,
        actual: got.args[0],
      });
    const e = notice.event;
    if (e.shellId !== expected.shellId) continue;
    if (e.command !== 1 || e.labId !== expected.labId || e.node !== expected.node)
      throw new Mismatch({
        title: "the close notification names the wrong shell or command",
        expected: want,
        actual: got.args[0],
      });
    return { raw: got.args[0], wrapped: notice.wrapped };
  }
}

/** Opens a shell, closes it (both set-up steps), and returns the owner's close notification (either form). */
async function closeNotification(ctx: Ctx): Promise<Setup<{ raw: unknown; wrapped: boolean }>> {
  const s = await deployedSetup(ctx);
  if (!s.ok) return s;
  const { token, lab, cmd } = s.value;
  const notices = await connectAs(ctx, token, namespaces.shellCommands);
  const node = lab.nodes[0] ?? "";
  const shell = await openShell(ctx, cmd, lab.id, node);
  if (!shell.ok) return shell;
  const shellId = shell.value;
  const closed = step("close a shell (7)", await command(ctx, cmd, { labId: lab.id, command: 7, shellId }));
  if (!closed.ok) return closed;
  return ready(await closeNoticeOf(notices, { labId: lab.id, node, shellId }));
}

/**
 * Every output chunk appears in the later backlog, in order; the backlog may hold more between them (the client's
 * own input is "transmitted shell data" too) and may join or split chunks.
 */
function holdsInOrder(backlog: string, chunks: readonly string[]): boolean {
  let at = 0;
  for (const chunk of chunks) {
    const found = backlog.indexOf(chunk, at);
    if (found < 0) return false;
    at = found + chunk.length;
  }
  return true;
}

export const shellChecks: AntimonyCheck[] = [
  {
    id: "antimony.shells.open-list-close",
    level: "must",
    doc: doc("commands", "Returns all currently open shells from the current user for the specified lab."),
    title: "opens a shell (6) with a string id, lists it with its node (5), closes it (7) and lists it no more",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { cmd, lab } = s.value;
      const node = lab.nodes.at(-1) ?? "";
      const opened = await command(ctx, cmd, { labId: lab.id, command: labCommands.openShell, node });
      const shellId = expectPayload(
        opened,
        `open a shell on ${node} acks {payload: shellId}`,
        { payload: "a shell id" },
        shellIdAckSchema,
      );
      const listed = await listedShells(ctx, cmd, lab.id);
      if (!listed.list.some((x) => x.id === shellId && x.node === node))
        throw new Mismatch({
          title: "an open shell is not listed",
          expected: { id: shellId, node },
          actual: listed.raw,
        });
      const closed = await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId });
      expectPayload(closed, "close shell (7) acks {payload: null}", { payload: null }, nullAckSchema);
      const after = await listedShells(ctx, cmd, lab.id);
      if (after.list.some((x) => x.id === shellId))
        throw new Mismatch({ title: "a closed shell is still listed", expected: `no ${shellId}`, actual: after.raw });
      return pass();
    },
  },
  {
    id: "antimony.shells.stopped-node-refused",
    level: "must",
    doc: doc("shellIo", "This only works if the node is currently running."),
    title: "refuses to open a shell on a stopped node (shells only work while the node runs)",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { cmd, lab } = s.value;
      const node = lab.nodes[0] ?? "";
      const stopped = step(`stop node ${node}`, await command(ctx, cmd, { labId: lab.id, command: 2, node }));
      if (!stopped.ok) return stopped.verdict;
      const a = await command(ctx, cmd, { labId: lab.id, command: labCommands.openShell, node });
      // Which code is the server's choice (DECISIONS.md D7 uses 5003); any documented error is a refusal.
      expectError(a, Object.values(errorCodes), `open shell on stopped node ${node}`);
      await command(ctx, cmd, { labId: lab.id, command: labCommands.startNode, node });
      return pass();
    },
  },
  {
    id: "antimony.shells.backlog-and-io",
    level: "must",
    doc: doc("shellIo", "The server sends a backlog of all previously transmitted shell data."),
    title: "sends a shell's backlog (string[]) to a later connection, holding every output chunk already sent",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, cmd, lab } = s.value;
      const shell = await openShell(ctx, cmd, lab.id, lab.nodes[0] ?? "");
      if (!shell.ok) return shell.verdict;
      const namespace = shellNamespace(shell.value);
      const first = await ownerOpens(ctx, token, namespace);
      // The document does not say when the backlog comes (only the log namespaces send it "when a client
      // subscribes"), so a first connection may get none; whatever comes must be a string[].
      const output: string[] = [];
      const backlog = await first.next("backlog", ctx.silenceMs);
      if (backlog.kind === "event") {
        if (!backlogSchema.safeParse(backlog.args[0]).success)
          throw new Mismatch({
            title: "a shell backlog is not a string[]",
            expected: "backlog: string[]",
            actual: backlog.args[0],
          });
        output.push(...(backlog.args[0] as string[]));
      }
      first.emit("data", "echo volley\r");
      // Output is the node's business (a real shell decides what to echo); whatever comes must be strings.
      for (;;) {
        const got = await first.next("data", ctx.silenceMs);
        if (got.kind === "timeout") break;
        if (!lineSchema.safeParse(got.args[0]).success)
          throw new Mismatch({ title: "shell output is not a string", expected: "string", actual: got.args[0] });
        output.push(got.args[0] as string);
      }
      const second = await connectAs(ctx, token, namespace);
      const again = await second.next("backlog");
      const chunks = output.filter((c) => c !== "");
      const held = again.kind === "event" && backlogSchema.safeParse(again.args[0]).success;
      if (chunks.length > 0 && !(held && holdsInOrder((again.args as string[][])[0]?.join("") ?? "", chunks)))
        throw new Mismatch({
          title: "a later backlog lacks shell data already transmitted",
          expected: chunks,
          actual: again.kind === "event" ? again.args[0] : "no backlog",
        });
      await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId: shell.value });
      return pass();
    },
  },
  {
    id: "antimony.shell-commands.close-notifies-owner",
    level: "must",
    doc: doc("shellCommands", "`1` | Shell Close | The shell has been closed."),
    title: "tells the shell's owner on /shell-commands that the shell was closed (command 1)",
    run: async (ctx) => {
      const r = await closeNotification(ctx);
      return r.ok ? pass() : r.verdict;
    },
  },
  {
    id: "antimony.shell-commands.bare-payload",
    level: "should",
    doc: doc(
      "shellCommands",
      QUOTES.shellCommands,
      "DECISIONS D3; REAL-SERVERS: the real server wraps it as {payload: {...}}",
    ),
    title: "sends shell commands as the bare object the document shows, not wrapped in {payload}",
    run: async (ctx) => {
      const r = await closeNotification(ctx);
      if (!r.ok) return r.verdict;
      if (r.value.wrapped)
        throw new Mismatch({
          title: "the shell command is wrapped in {payload}, as the real server does (REAL-SERVERS.md; D3)",
          expected: "{labId, node, shellId, command, message}",
          actual: r.value.raw,
        });
      return pass();
    },
  },
];
