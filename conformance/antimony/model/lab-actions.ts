import { errorCodes, labCommands } from "../../../protocols/antimony/index.js";
import { Mismatch } from "../../index.js";
import { nullAckSchema } from "../documented.js";
import { concerns, deploy, expectError, expectPayload, teardownEnded } from "../session.js";
import {
  type AntimonyCommand,
  type AntimonyModel,
  type AntimonyReal,
  checkPushed,
  type Form,
  req,
  send,
  unsettle,
} from "./model.js";

const NULL = { payload: null };
const DOCUMENTED: readonly number[] = Object.values(errorCodes);
/** A node command on a lab that is not deployed: "not running" or, where nodes exist only when deployed, "no node". */
const NOT_DEPLOYED = [errorCodes.notRunning, errorCodes.nodeNotFound];

/**
 * Deploy (0), or redeploy a deployed lab: acked {payload: null}; the owner gets a lab update naming the lab and a
 * status message (§ Lab Updates: "when a lab has finished deploying"; § Status Messages), and the lab log subscriber
 * gets a live line (§ Lab Log Streaming: "deployment logs").
 */
export class Deploy implements AntimonyCommand {
  constructor(readonly form: Form) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const d = await deploy(r.ctx, r.main.token, r.lab, r.main.cmd, this.form === "string");
    const what = `deploy ${this.form === "string" ? "(JSON string) " : ""}acks {payload: null}`;
    expectPayload(d.ack, what, NULL, nullAckSchema);
    // Whether a redeploy starts a stopped node again is not said (D17): such a node's state is open until used.
    for (const node of m.stopped) m.unsure.add(node);
    m.stopped.clear();
    m.deployed = true;
    unsettle(m);
    // deploy() restarted the first node once the lab ran: a deployed lab's restart acks {payload: null}.
    expectPayload(d.running, `restart (4) of ${r.lab.nodes[0]} once the lab is deployed`, NULL, nullAckSchema);
    for (;;) {
      const got = await r.main.updates.next("data");
      if (got.kind === "timeout")
        throw new Mismatch({
          title: "a deploy sends its owner no lab update",
          expected: { payload: { labId: r.lab.id } },
          actual: "nothing",
        });
      if (concerns(got.args[0], r.lab.id)) break;
    }
    if ((await r.main.status.next("data")).kind === "timeout")
      throw new Mismatch({
        title: "a deploy sends its owner no status message",
        expected: "a status message",
        actual: "nothing",
      });
    if ((await r.main.labLogs.next("data")).kind === "timeout")
      throw new Mismatch({
        title: "a deploy streams no line to the lab log subscriber",
        expected: "a log line",
        actual: "nothing",
      });
  }
  toString = () => `deploy(${this.form})`;
}

/** Destroy (1): {payload: null} for a deployed lab; an undeployed one may also be refused "not running". */
export class Destroy implements AntimonyCommand {
  constructor(readonly form: Form) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const a = await send(r, { labId: r.lab.id, command: labCommands.destroy }, this.form);
    // A teardown may end after the ack: later actions (and the next sequence's set-up) meet the destroyed lab.
    if (a.kind === "payload") await teardownEnded(r.ctx, r.main.token, r.lab, r.main.cmd);
    if (m.deployed || a.kind !== "error") expectPayload(a, "destroy acks {payload: null}", NULL, nullAckSchema);
    else expectError(a, [errorCodes.notRunning], "destroy of a destroyed lab");
    m.deployed = false;
    unsettle(m);
  }
  toString = () => `destroy(${this.form})`;
}

/**
 * Stop (2), start (3), restart (4) a node: {payload: null} while deployed, refused otherwise. Stopping a stopped
 * node, starting a running one and restarting a stopped one may also be refused (any documented code, D17); a
 * refusal leaves the node as it was.
 */
export class NodeCommand implements AntimonyCommand {
  constructor(
    readonly command: 2 | 3 | 4,
    readonly node: string,
    readonly form: Form,
  ) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const request = { labId: r.lab.id, command: this.command, node: this.node };
    const a = await send(r, request, this.form);
    if (!m.deployed) return expectError(a, NOT_DEPLOYED, `${req(request)} on an undeployed lab`);
    const stopped = m.stopped.has(this.node);
    const unsure = m.unsure.has(this.node);
    const moot =
      unsure ||
      (this.command === labCommands.stopNode && stopped) ||
      (this.command === labCommands.startNode && !stopped) ||
      (this.command === labCommands.restartNode && stopped);
    if (moot && a.kind === "error") return expectError(a, DOCUMENTED, `${req(request)}, which changes nothing`);
    expectPayload(a, `${req(request)} acks {payload: null}`, NULL, nullAckSchema);
    m.unsure.delete(this.node);
    if (this.command === labCommands.stopNode) m.stopped.add(this.node);
    else if (this.command === labCommands.startNode) m.stopped.delete(this.node);
    else if (stopped || unsure) {
      // Restarting a stopped node: whether it runs afterwards is not said.
      m.stopped.delete(this.node);
      m.unsure.add(this.node);
    }
    if (this.command !== labCommands.startNode) unsettle(m, this.node);
  }
  toString = () => `node(${this.command}, ${this.node}, ${this.form})`;
}

/** Any command for a lab that does not exist: 5005 (§ Error Codes). */
export class UnknownLab implements AntimonyCommand {
  constructor(
    readonly labId: string,
    readonly command: number,
    readonly form: Form,
  ) {}
  check = () => true;
  async run(m: AntimonyModel, r: AntimonyReal) {
    await checkPushed(r, m);
    const request = { labId: this.labId, command: this.command, node: "n", shellId: "s" };
    expectError(await send(r, request, this.form), [errorCodes.notFound], `${req(request)} (unknown lab)`);
  }
  toString = () => `unknownLab(${JSON.stringify(this.labId)}, ${this.command}, ${this.form})`;
}
