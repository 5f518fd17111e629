import { errorCodes, labCommands, shellNamespace } from "../../../protocols/antimony/index.js";
import { Mismatch } from "../../index.js";
import { backlogSchema, nullAckSchema, shellIdAckSchema, shellListAckSchema } from "../documented.js";
import { expectError, expectPayload, openAs, ownerOpens, shown } from "../session.js";
import { closeNoticeOf } from "../shell-checks.js";
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
 * Open a shell (6): a new string id while the lab is deployed and the node runs; 5008 past the limit (and at any
 * count when the fixtures give no limit: the document names no number). Robust: the other user is refused on the
 * new shell's /shells/<shellId>.
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
    if (m.unsure.has(this.node) && a.kind === "error")
      return expectError(a, DOCUMENTED, `open shell on node ${this.node}, whose state the document leaves open`);
    const limit = m.shellLimit;
    if (limit !== undefined && m.shells.size >= limit)
      return expectError(a, [errorCodes.shellLimit], `open shell number ${limit + 1} with a limit of ${limit}`);
    if ((limit === undefined || m.shells.size + m.maybeShells.size >= limit) && a.kind === "error")
      return expectError(a, [errorCodes.shellLimit], "open shell at a limit the fixtures do not pin down");
    const id = expectPayload(a, "open shell acks {payload: shellId}", { payload: "a new shell id" }, shellIdAckSchema);
    if (m.shells.has(id as string) || m.maybeShells.has(id as string))
      throw new Mismatch({ title: "open shell reuses an open shell's id", expected: "a new id", actual: shown(a) });
    m.shells.set(id as string, this.node);
    m.unsure.delete(this.node);
    if (!m.robust || r.other === undefined) return;
    const foreign = await openAs(r.ctx, r.other.token, shellNamespace(id as string));
    if (foreign.ok)
      throw new Mismatch({ title: "another user may use the owner's shell", expected: "refused", actual: "connected" });
  }
  toString = () => `openShell(${this.node}, ${this.form})`;
}

/**
 * List shells (5): exactly the main user's open shells with their nodes (§ Available Commands, "from the current
 * user"). A lab that is not deployed may also refuse it "not running" (5003): the document lets list shells depend
 * on the lab's state as much as any other command.
 */
export class ListShells implements AntimonyCommand {
  constructor(readonly form: Form) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const a = await send(r, { labId: r.lab.id, command: labCommands.listShells }, this.form);
    if (!m.deployed && a.kind === "error")
      return expectError(a, [errorCodes.notRunning], "list shells, lab not deployed");
    const what = "list shells acks {payload: {id, node}[]}";
    const list = expectPayload(a, what, { payload: "[{id, node}]" }, shellListAckSchema) as {
      id: string;
      node: string;
    }[];
    const expected = [...m.shells].map(([id, node]) => ({ id, node }));
    const missing = expected.filter((s) => !list.some((x) => x.id === s.id && x.node === s.node));
    const extra = list.filter((x) => m.shells.get(x.id) !== x.node && m.maybeShells.get(x.id) !== x.node);
    if (missing.length > 0 || extra.length > 0)
      throw new Mismatch({ title: "list shells departs from the open shells", expected, actual: shown(a) });
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
      // The server may have closed it (D10); a lab that is not deployed may answer "not running" first.
      const codes = m.deployed ? [errorCodes.shellNotFound] : [errorCodes.shellNotFound, errorCodes.notRunning];
      if (a.kind === "error") expectError(a, codes, "close a shell the server may have closed");
      return;
    }
    expectPayload(a, "close shell acks {payload: null}", { payload: null }, nullAckSchema);
    await closeNoticeOf(r.main.shellCmds, { labId: r.lab.id, node, shellId });
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
    const codes = m.deployed ? [errorCodes.shellNotFound] : [errorCodes.shellNotFound, errorCodes.notRunning];
    expectError(a, codes, `close unknown shell ${JSON.stringify(this.shellId)}`);
  }
  toString = () => `closeUnknownShell(${JSON.stringify(this.shellId)}, ${this.form})`;
}

/**
 * Use a shell's I/O namespace: the owner may connect and type (§ Shell I/O). A backlog, when one comes (the document
 * does not say when), is a string[].
 */
export class UseShell implements AntimonyCommand {
  constructor(
    readonly n: number,
    readonly keys: string,
  ) {}
  check = (m: Readonly<AntimonyModel>) => m.shells.size > 0;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const shellId = [...m.shells.keys()][this.n % m.shells.size] ?? "";
    const io = await ownerOpens(r.ctx, r.main.token, shellNamespace(shellId));
    const backlog = await io.next("backlog", r.ctx.silenceMs);
    if (backlog.kind === "event" && !backlogSchema.safeParse(backlog.args[0]).success)
      throw new Mismatch({
        title: "a shell backlog is not a string[]",
        expected: "backlog: string[]",
        actual: backlog.args[0],
      });
    io.emit("data", this.keys);
    io.close();
  }
  toString = () => `useShell(#${this.n}, ${JSON.stringify(this.keys)})`;
}
