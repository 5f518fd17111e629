import { performance } from "node:perf_hooks";
import { type ErrorAck, type ErrorCode, errorCodes, type NullAck, severities } from "../../protocols/antimony/index.js";
import type { ServerOptions } from "../options.js";
import type { AntimonyFixtures } from "./fixtures.js";
import { Lab } from "./lab.js";
import type { Notifier } from "./notifier.js";
import type { ShellRegistry } from "./shells.js";

export const fail = (code: ErrorCode, message: string): ErrorAck => ({ code, message });
export const done: NullAck = { payload: null };

/** Shortest tick of the node-log simulation; faster rates send several lines per tick. */
const MIN_TICK_MS = 10;

/**
 * The simulated containerlab: deploys, destroys and node operations, with the status messages, lab updates and
 * log lines each one causes. // antimony.md § Lab Commands › Available Commands 0–4
 */
export class Labs {
  private readonly labs: ReadonlyMap<string, Lab>;

  constructor(
    fixtures: AntimonyFixtures,
    private readonly options: ServerOptions,
    private readonly notifier: Notifier,
    private readonly shells: ShellRegistry,
  ) {
    const { backlogLines } = options.limits;
    const { logLineBytes } = options.simulation;
    this.labs = new Map(fixtures.labs.map((def) => [def.id, new Lab(def, backlogLines, logLineBytes)] as const));
  }

  get(id: string): Lab | undefined {
    return this.labs.get(id);
  }

  /** Deploys, or redeploys a running lab; acks when the simulated deploy ends (D8). */
  deploy(lab: Lab): Promise<NullAck | ErrorAck> {
    if (lab.state === "deploying")
      return Promise.resolve(fail(errorCodes.alreadyDeploying, "Lab is already being deployed"));
    if (lab.state === "running") this.teardown(lab, "Lab is being redeployed");
    lab.state = "deploying";
    const logs = lab.instanceLogs();
    logs.write(`Deploying lab ${lab.id} (${lab.def.nodes.length} nodes)`);
    for (const node of lab.def.nodes) logs.write(`Creating container ${node}`);
    this.notifier.status(lab.def, severities.info, `Deploying lab ${lab.def.name}`);
    this.notifier.labUpdate(lab.def);
    return new Promise((resolve) => {
      lab.deployTimer = setTimeout(() => {
        lab.deployTimer = undefined;
        resolve(lab.def.failDeploy ? this.deployFailed(lab) : this.deployed(lab));
      }, this.options.simulation.deployMs);
    });
  }

  destroy(lab: Lab): NullAck | ErrorAck {
    const refused = this.needsInstance(lab);
    if (refused) return refused;
    this.teardown(lab, "Lab has been destroyed");
    for (const node of lab.nodes.values()) node.logs.disconnectSubscribers();
    lab.state = "destroyed";
    lab.instanceLogs().write(`Destroyed lab ${lab.id}`);
    this.notifier.status(lab.def, severities.success, `Lab ${lab.def.name} has been destroyed`);
    this.notifier.labUpdate(lab.def);
    return done;
  }

  /** Commands 2, 3, 4 on a known node of a running lab. */
  setNode(lab: Lab, node: string, action: "stop" | "start" | "restart"): NullAck | ErrorAck {
    const refused = this.needsRunning(lab);
    if (refused) return refused;
    const runtime = lab.nodes.get(node);
    if (runtime === undefined) return fail(errorCodes.nodeNotFound, `Node ${node} not found`);
    if (action !== "start") {
      for (const shell of this.shells.onLab(lab.id, node)) this.shells.fail(shell, `Node ${node} is going down`);
    }
    runtime.running = action !== "stop";
    runtime.logs.write(`Node ${node}: ${action}`);
    this.notifier.status(lab.def, severities.info, `Node ${node} of lab ${lab.def.name}: ${action} done`);
    this.notifier.labUpdate(lab.def);
    return done;
  }

  /** Destroy needs an instance (running, or left over from a failed deploy); D7. */
  needsInstance(lab: Lab): ErrorAck | undefined {
    if (lab.state === "deploying") return fail(errorCodes.deploying, "Lab is being deployed");
    if (lab.state !== "running" && lab.state !== "failed") return fail(errorCodes.notRunning, "Lab is not running");
    return undefined;
  }

  /** Node commands and open shell need a running lab; D6, D7. */
  needsRunning(lab: Lab): ErrorAck | undefined {
    if (lab.state === "deploying") return fail(errorCodes.deploying, "Lab is being deployed");
    if (lab.state !== "running") return fail(errorCodes.notRunning, "Lab is not running");
    return undefined;
  }

  close(): void {
    for (const lab of this.labs.values()) lab.stopTimers();
  }

  private deployed(lab: Lab): NullAck {
    lab.state = "running";
    for (const node of lab.nodes.values()) node.running = true;
    lab.instanceLogs().write(`Deployed lab ${lab.id}`);
    this.startTicker(lab);
    this.notifier.status(lab.def, severities.success, `Lab ${lab.def.name} has been deployed`);
    this.notifier.labUpdate(lab.def);
    return done;
  }

  private deployFailed(lab: Lab): ErrorAck {
    lab.state = "failed";
    const message = `containerlab: failed to deploy ${lab.id}: simulated failure`;
    lab.instanceLogs().write(`Error: ${message}`);
    this.notifier.status(lab.def, severities.error, `Failed to deploy lab ${lab.def.name}`, message);
    this.notifier.labUpdate(lab.def);
    return fail(errorCodes.containerlab, message);
  }

  private teardown(lab: Lab, reason: string): void {
    lab.stopTimers();
    for (const shell of this.shells.onLab(lab.id)) this.shells.close(shell, reason);
    for (const node of lab.nodes.values()) node.running = false;
  }

  /** Every running node writes `logLinesPerSecond` lines a second to its log (D13). */
  private startTicker(lab: Lab): void {
    const rate = this.options.simulation.logLinesPerSecond;
    if (rate <= 0) return;
    const tickMs = Math.max(MIN_TICK_MS, 1000 / rate);
    let owed = 0;
    let last = performance.now();
    lab.ticker = setInterval(() => {
      // Owed lines follow the clock, not the tick count: a late timer sends more lines, so the rate holds under load.
      const now = performance.now();
      owed += (rate * (now - last)) / 1000;
      last = now;
      const lines = Math.floor(owed);
      owed -= lines;
      for (const [name, node] of lab.nodes) {
        if (!node.running) continue;
        for (let i = 0; i < lines; i++) node.logs.write(`${name}: simulated output`);
      }
    }, tickMs);
  }
}
