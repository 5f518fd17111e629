import { errorCodes, labLogsNamespace, nodeLogsNamespace } from "../../../protocols/antimony/index.js";
import { Mismatch } from "../../index.js";
import { backlogSchema } from "../documented.js";
import { expectError, openAs } from "../session.js";
import { type AntimonyCommand, type AntimonyModel, type AntimonyReal, checkPushed, type Form, send } from "./model.js";

/**
 * A lab command by the other user, who has no access to the lab: 5403 (§ Error Codes). Closing one of the owner's
 * shells may also be "not found" (D5); either way the shell stays open, which the next list (5) verifies. While the
 * lab is not deployed, any command but deploy may be refused "not running" (node ones "no such node") first: the
 * document orders no checks.
 */
export class OtherUserCommand implements AntimonyCommand {
  constructor(
    readonly command: number,
    readonly n: number,
    readonly form: Form,
  ) {}
  check = (m: Readonly<AntimonyModel>) => m.hasOther;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const shells = [...m.shells.keys()];
    const request = {
      labId: r.lab.id,
      command: this.command,
      node: m.nodes[this.n % m.nodes.length],
      shellId: shells[this.n % Math.max(1, shells.length)] ?? "volley-no-shell",
    };
    const a = await send(r, request, this.form, r.other);
    const codes: number[] = [errorCodes.noAccess];
    if (this.command === 7) codes.push(errorCodes.shellNotFound);
    if (!m.deployed && this.command !== 0) codes.push(errorCodes.notRunning);
    if (!m.deployed && [2, 3, 4, 6].includes(this.command)) codes.push(errorCodes.nodeNotFound);
    expectError(a, codes, `another user's ${JSON.stringify(request)}`);
  }
  toString = () => `otherUser(${this.command}, #${this.n}, ${this.form})`;
}

/**
 * Subscribe to the lab's log (it has an instance since setup) or a node's log (only while deployed): the backlog
 * (string[]) comes first (§ Lab Log Streaming, § Node Log Streaming). Robust: the other user is refused.
 */
export class SubscribeLogs implements AntimonyCommand {
  constructor(readonly node: string | undefined) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const namespace = this.node === undefined ? labLogsNamespace(r.lab.id) : nodeLogsNamespace(r.lab.id, this.node);
    const sub = await openAs(r.ctx, r.main.token, namespace);
    if (this.node !== undefined && !m.deployed) {
      if (sub.ok)
        throw new Mismatch({
          title: `${namespace} is available while the lab is not deployed`,
          expected: "refused",
          actual: "connected",
        });
      return;
    }
    if (!sub.ok)
      throw new Mismatch({
        title: `the owner cannot subscribe to ${namespace}`,
        expected: "connected",
        actual: sub.message,
      });
    const got = await sub.client.next("backlog");
    sub.client.close();
    const lines = got.kind === "event" ? got.args[0] : "nothing";
    if (!backlogSchema.safeParse(lines).success)
      throw new Mismatch({
        title: `a new subscriber of ${namespace} gets no backlog`,
        expected: "backlog: string[]",
        actual: lines,
      });
    if (!m.robust || r.other === undefined) return;
    const foreign = await openAs(r.ctx, r.other.token, namespace);
    if (foreign.ok)
      throw new Mismatch({ title: `another user may read ${namespace}`, expected: "refused", actual: "connected" });
  }
  toString = () => `subscribeLogs(${this.node ?? "lab"})`;
}
