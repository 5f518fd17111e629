import {
  errorCodes,
  labCommands,
  nullAckSchema,
  shellBacklogSchema,
  shellIdAckSchema,
  shellListAckSchema,
  shellNamespace,
} from "../../../protocols/antimony/index.js";
import { Mismatch } from "../../index.js";
import { connectAs, expectError, expectPayload, openAs } from "../session.js";
import { shellCommandOf } from "../shell-checks.js";
import { type AntimonyCommand, type AntimonyModel, type AntimonyReal, checkPushed, type Form, send } from "./model.js";

const DOCUMENTED: readonly number[] = Object.values(errorCodes);
/** The default bound on shells one sequence opens when the fixtures give no limit. */
const UNBOUNDED_LIMIT = 4;

/** The n-th shell the model knows of, certain ones first. */
const pick = (m: AntimonyModel, n: number) => {
  const all = [...m.shells, ...m.maybeShells];
  return all.length === 0 ? undefined : all[n % all.length];
};

/**
 * Open a shell (6): a new string id while the lab is deployed and the node runs; 5008 past the limit.
 * Robust: the other user is refused on the new shell's /shells/<shellId>.
 */
export class OpenShell implements AntimonyCommand {
  constructor(
    readonly node: string,
    readonly form: Form,
  ) {}
  check = (m: Readonly<AntimonyModel>) => m.shells.size + m.maybeShells.size <= (m.shellLimit ?? UNBOUNDED_LIMIT - 1);
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const a = await send(r, { labId: r.lab.id, command: labCommands.openShell, node: this.node }, this.form);
    if (!m.deployed)
      return expectError(a, [errorCodes.notRunning, errorCodes.nodeNotFound], "open shell, lab not deployed");
    if (m.stopped.has(this.node)) return expectError(a, DOCUMENTED, `open shell on stopped node ${this.node}`);
    const limit = m.shellLimit;
    if (limit !== undefined && m.shells.size >= limit)
      return expectError(a, [errorCodes.shellLimit], `open shell number ${limit + 1} with a limit of ${limit}`);
    if (limit !== undefined && m.shells.size + m.maybeShells.size >= limit && a.kind === "error")
      return expectError(a, [errorCodes.shellLimit], "open shell at the limit");
    const id = expectPayload(a, "open shell acks {payload: shellId}", { payload: "a new shell id" }, shellIdAckSchema);
    if (m.shells.has(id as string) || m.maybeShells.has(id as string))
      throw new Mismatch({ title: "open shell reuses an open shell's id", expected: "a new id", actual: id });
    m.shells.set(id as string, this.node);
    if (!m.robust || r.other === undefined) return;
    const foreign = await openAs(r.ctx, r.other.token, shellNamespace(id as string));
    if (foreign.ok)
      throw new Mismatch({ title: "another user may use the owner's shell", expected: "refused", actual: "connected" });
  }
  toString = () => `openShell(${this.node}, ${this.form})`;
}

/** List shells (5): exactly the main user's open shells with their nodes (§ Available Commands, "from the current user"). */
export class ListShells implements AntimonyCommand {
  constructor(readonly form: Form) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const a = await send(r, { labId: r.lab.id, command: labCommands.listShells }, this.form);
    const list = expectPayload(
      a,
      "list shells acks {payload: {id, node}[]}",
      { payload: "[{id, node}]" },
      shellListAckSchema,
    ) as {
      id: string;
      node: string;
    }[];
    const expected = [...m.shells].map(([id, node]) => ({ id, node }));
    const missing = expected.filter((s) => !list.some((x) => x.id === s.id && x.node === s.node));
    const extra = list.filter((x) => m.shells.get(x.id) !== x.node && m.maybeShells.get(x.id) !== x.node);
    if (missing.length > 0 || extra.length > 0)
      throw new Mismatch({ title: "list shells departs from the open shells", expected, actual: list });
    for (const [id, node] of m.maybeShells) if (list.some((x) => x.id === id)) m.shells.set(id, node);
    m.maybeShells.clear();
  }
  toString = () => `listShells(${this.form})`;
}

/**
 * Close a shell (7): {payload: null} and a close notification (command 1) to its owner on /shell-commands.
 * Robust: the other user's /shell-commands stays silent.
 */
export class CloseShell implements AntimonyCommand {
  constructor(
    readonly n: number,
    readonly form: Form,
  ) {}
  check = (m: Readonly<AntimonyModel>) => m.shells.size + m.maybeShells.size > 0;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const [shellId, node] = pick(m, this.n) ?? ["", ""];
    const certain = m.shells.has(shellId);
    m.shells.delete(shellId);
    m.maybeShells.delete(shellId);
    const a = await send(r, { labId: r.lab.id, command: labCommands.closeShell, shellId }, this.form);
    if (!certain) {
      if (a.kind === "error") expectError(a, [errorCodes.shellNotFound], "close a shell the server may have closed");
      return;
    }
    expectPayload(a, "close shell acks {payload: null}", { payload: null }, nullAckSchema);
    const expected = { labId: r.lab.id, node, shellId, command: 1, message: "a string" };
    for (;;) {
      const got = await r.main.shellCmds.next("data");
      if (got.kind === "timeout")
        throw new Mismatch({ title: "closing a shell sends its owner no shell command", expected, actual: "nothing" });
      const e = shellCommandOf(got.args[0])?.event;
      if (e === undefined)
        throw new Mismatch({
          title: "a shell command departs from the documented shape",
          expected,
          actual: got.args[0],
        });
      if (e.shellId !== shellId) continue;
      if (e.command !== 1 || e.labId !== r.lab.id || e.node !== node)
        throw new Mismatch({ title: "the close notification names the wrong shell or command", expected, actual: e });
      break;
    }
    if (!m.robust || r.other === undefined) return;
    const leaked = await r.other.shellCmds.silence("data");
    if (leaked.kind === "event")
      throw new Mismatch({
        title: "another user hears about the owner's shell",
        expected: "nothing",
        actual: leaked.args[0],
      });
  }
  toString = () => `closeShell(#${this.n}, ${this.form})`;
}

/** Close a shell id that was never opened: 5007. */
export class CloseUnknownShell implements AntimonyCommand {
  constructor(
    readonly shellId: string,
    readonly form: Form,
  ) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const a = await send(r, { labId: r.lab.id, command: labCommands.closeShell, shellId: this.shellId }, this.form);
    expectError(a, [errorCodes.shellNotFound], `close unknown shell ${JSON.stringify(this.shellId)}`);
  }
  toString = () => `closeUnknownShell(${JSON.stringify(this.shellId)}, ${this.form})`;
}

/** Use a shell's I/O namespace: the owner gets the backlog (string[]) and may type (§ Shell I/O). */
export class UseShell implements AntimonyCommand {
  constructor(
    readonly n: number,
    readonly keys: string,
  ) {}
  check = (m: Readonly<AntimonyModel>) => m.shells.size > 0;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const shellId = [...m.shells.keys()][this.n % m.shells.size] ?? "";
    const io = await connectAs(r.ctx, r.main.token, shellNamespace(shellId));
    const backlog = await io.next("backlog");
    const lines = backlog.kind === "event" ? backlog.args[0] : "nothing";
    if (!shellBacklogSchema.safeParse(lines).success)
      throw new Mismatch({
        title: "an open shell sends no backlog on connect",
        expected: "backlog: string[]",
        actual: lines,
      });
    io.emit("data", this.keys);
    io.close();
  }
  toString = () => `useShell(#${this.n}, ${JSON.stringify(this.keys)})`;
}
