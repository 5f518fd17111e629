import fc from "fast-check";
import { errorCodes, labCommands, namespaces } from "../../protocols/antimony/index.js";
import { blocked, fail, Mismatch, pass, skip, type Verdict } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import { nullAckSchema, shellIdAckSchema, shellListAckSchema, statusMessageEventSchema } from "./documented.js";
import {
  answerOf,
  command,
  commandsAs,
  connectAs,
  deploy,
  deployedSetup,
  destroy,
  ensureDeployed,
  expectError,
  expectPayload,
  fixtureSetup,
  mainSetup,
  needs,
  oneRequest,
  propertyUnlessSilent,
  shown,
  step,
  UNDEPLOYED,
} from "./session.js";

const NODE_COMMANDS = [labCommands.stopNode, labCommands.startNode, labCommands.restartNode] as const;
const NULL = { payload: null };

/** Destroys the deployed lab, then node commands and open shell on it must be refused with one of `codes`. */
async function afterDestroy(ctx: Ctx, codes: readonly number[], note?: string): Promise<Verdict> {
  const s = await deployedSetup(ctx);
  if (!s.ok) return s.verdict;
  const { cmd, lab, token } = s.value;
  const destroyed = step(`destroy lab ${lab.id}`, await destroy(ctx, token, lab, cmd));
  if (!destroyed.ok) return destroyed.verdict;
  const node = lab.nodes[0] ?? "";
  for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
    const a = await command(ctx, cmd, { labId: lab.id, command: c, node });
    expectError(a, codes, `command ${c} after destroy`, note);
  }
  return pass();
}

export const commandChecks: AntimonyCheck[] = [
  {
    id: "antimony.lab-commands.deploy-ack",
    level: "must",
    doc: doc("commands", "If that lab is already running, it redeploys the lab instead."),
    title: "acks deploy (0) with {payload: null}, also as a redeploy of a running lab",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const cmd = await commandsAs(ctx, token);
      const first = await deploy(ctx, token, lab, cmd);
      expectPayload(first.ack, `deploy of lab ${lab.id}`, NULL, nullAckSchema);
      const running = step(`restart node ${lab.nodes[0]} once lab ${lab.id} is deployed`, first.running);
      if (!running.ok) return running.verdict;
      const again = await deploy(ctx, token, lab, cmd);
      expectPayload(again.ack, `redeploy of running lab ${lab.id}`, NULL, nullAckSchema);
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.destroy-ack",
    level: "must",
    doc: doc("commands", "Destroys the specified lab."),
    title: "acks destroy (1) of a deployed lab with {payload: null}",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const a = await destroy(ctx, s.value.token, s.value.lab, s.value.cmd);
      expectPayload(a, "destroy of a deployed lab", NULL, nullAckSchema);
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.node-commands-ack",
    level: "must",
    doc: doc("commands", "Stops a node within the specified lab."),
    title: "acks stop (2), start (3) and restart (4) of a node of a deployed lab with {payload: null}",
    run: async (ctx) => {
      // The set-up's probe is this check's own behaviour (start, restart), so it deploys without it: a refused
      // restart fails here, with the server's answer, and blocks the others.
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const cmd = await commandsAs(ctx, token);
      const d = await deploy(ctx, token, lab, cmd);
      const deployed = step(`deploy lab ${lab.id}`, d.ack);
      if (!deployed.ok) return deployed.verdict;
      const node = lab.nodes[0] ?? "";
      expectPayload(d.running, `restart (4) of node ${node} once lab ${lab.id} is deployed`, NULL, nullAckSchema);
      for (const c of [labCommands.stopNode, labCommands.startNode, labCommands.restartNode]) {
        const a = await command(ctx, cmd, { labId: lab.id, command: c, node });
        expectPayload(a, `command ${c} on node ${node}`, NULL, nullAckSchema);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.unknown-node-5006",
    level: "must",
    doc: doc("errors", "`5006` | The specified node could not be found."),
    title: "answers 5006 to a node command or open shell naming a node the deployed lab does not have",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const nodes = fc.string({ minLength: 1, maxLength: 30 }).filter((n) => !lab.nodes.includes(n));
      const commands = fc.constantFrom(...NODE_COMMANDS, labCommands.openShell);
      const probe = { labId: lab.id, command: labCommands.stopNode, node: "volley-no-such-node" };
      return propertyUnlessSilent(ctx, token, probe, fc.tuple(nodes, commands), async ([node, c]) => {
        const a = await oneRequest(ctx, token, { labId: lab.id, command: c, node });
        expectError(a, [errorCodes.nodeNotFound], `command ${c} on unknown node ${JSON.stringify(node)}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.missing-node-refused",
    level: "must",
    doc: doc("commands", QUOTES.needsNodeOrShell),
    title: "refuses the commands that require a node (2, 3, 4, 6) when the node is missing",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const a = await command(ctx, s.value.cmd, { labId: s.value.lab.id, command: c });
        // "Requires Node": the request is invalid (5422) or names no node (5006); the document does not choose.
        expectError(a, [errorCodes.invalidRequest, errorCodes.nodeNotFound], `command ${c} without a node`);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.missing-node-codes",
    level: "should",
    doc: doc(
      "errors",
      "`5006` | The specified node could not be found.",
      "REAL-SERVERS: missing node for start/stop/restart → 5006; missing node for open shell → 5422",
    ),
    title: "answers a missing node with 5006 for 2, 3, 4 and 5422 for 6, as the real server does",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const code = c === labCommands.openShell ? errorCodes.invalidRequest : errorCodes.nodeNotFound;
        const a = await command(ctx, s.value.cmd, { labId: s.value.lab.id, command: c });
        expectError(a, [code], `command ${c} without a node`, "REAL-SERVERS.md § antimony.md");
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.not-deployed-5003",
    level: "must",
    doc: doc("errors", QUOTES.notRunning),
    title: "answers 5003 to node commands and open shell in a lab that was never deployed",
    run: async (ctx) => {
      const s = fixtureSetup(ctx, "undeployedLab", UNDEPLOYED);
      if (!s.ok) return s.verdict;
      const { lab } = s.value;
      const cmd = await commandsAs(ctx, s.value.token);
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: lab.id, command: c, node: lab.node });
        expectError(a, [errorCodes.notRunning], `command ${c} in never-deployed lab ${lab.id}`);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.destroyed-refused",
    level: "must",
    doc: doc("errors", QUOTES.notRunning),
    // A destroyed lab's nodes are gone: "not running" and "node not found" both describe it.
    title: "refuses node commands and open shell in a destroyed lab: not running (5003) or no such node (5006)",
    run: (ctx) => afterDestroy(ctx, [errorCodes.notRunning, errorCodes.nodeNotFound]),
  },
  {
    id: "antimony.lab-commands.destroyed-5003",
    level: "should",
    doc: doc("errors", QUOTES.notRunning, "DECISIONS D7: 5003, not 5006, in a destroyed lab"),
    title: "answers 5003 to node commands and open shell in a destroyed lab",
    run: (ctx) => afterDestroy(ctx, [errorCodes.notRunning], "DECISIONS.md D7"),
  },
  {
    id: "antimony.lab-commands.deploying-5002-5004",
    level: "must",
    doc: doc("errors", "`5002` | The specified lab is already being deployed."),
    title: "refuses a second deploy while the first is still running with 5002 or 5004",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const cmd = await commandsAs(ctx, token);
      const order: string[] = [];
      const send = (name: string) =>
        cmd.emitAck("data", [{ labId: lab.id, command: labCommands.deploy }], ctx.timeoutMs).then((r) => {
          order.push(name);
          return r.kind === "timeout" ? ({ kind: "none" } as const) : answerOf(r.args);
        });
      const [first, second] = await Promise.all([send("first"), send("second")]);
      if (first.kind === "none" || second.kind === "none")
        return fail({ title: "a deploy is never acked", expected: "two acks", actual: [shown(first), shown(second)] });
      // 5002 and 5004 are described alike ("already being deployed"); DECISIONS.md D6 lets either stand.
      const busy: readonly unknown[] = [errorCodes.alreadyDeploying, errorCodes.deploying];
      // A first deploy refused for another cause leaves nothing to judge; deploy-ack owns that refusal.
      if (first.kind !== "payload" && !(first.kind === "error" && busy.includes(first.code)))
        return blocked(`deploy lab ${lab.id}`, `answered ${JSON.stringify(shown(first))}`);
      const codes = busy as number[];
      if (order[0] === "second") expectError(second, codes, "a deploy answered while the previous one is running");
      else if (second.kind === "error") expectError(second, codes, "the second deploy is refused with the wrong code");
      // Leaves the lab running for the next check; its outcome is no part of this one's verdict.
      await ensureDeployed(ctx, token, lab, cmd);
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.containerlab-5001",
    level: "must",
    doc: doc("errors", "`5001` | Containerlab returned an error during processing."),
    title: "reports a deploy that containerlab fails: ack 5001, or an error status message",
    run: async (ctx) => {
      const s = fixtureSetup(ctx, "failingLab", "{id}: a lab whose every deploy fails in containerlab");
      if (!s.ok) return s.verdict;
      const { lab } = s.value;
      const status = await connectAs(ctx, s.value.token, namespaces.statusMessages);
      const cmd = await commandsAs(ctx, s.value.token);
      const a = await command(ctx, cmd, { labId: lab.id, command: labCommands.deploy });
      if (a.kind === "none" || a.kind === "other")
        return fail({ title: "a failing deploy is not acked", expected: "an ack", actual: shown(a) });
      if (a.kind === "error") {
        expectError(a, [errorCodes.containerlab], `deploy of failing lab ${lab.id}`);
        return pass();
      }
      // A server may ack the deploy at once and report the failure later (DECISIONS.md D8).
      const seen: unknown[] = [];
      for (;;) {
        const got = await status.next("data");
        if (got.kind === "timeout")
          throw new Mismatch({
            title: "a failed deploy is neither acked 5001 nor reported by an error status message",
            expected: "{code: 5001} or a status message with severity 3 or 4",
            actual: { ack: shown(a), statusMessages: seen },
          });
        seen.push(got.args[0]);
        const m = statusMessageEventSchema.safeParse(got.args[0]);
        if (m.success && m.data.payload.severity >= 3) return pass();
      }
    },
  },
  {
    id: "antimony.lab-commands.shell-limit-5008",
    level: "must",
    doc: doc("errors", "`5008` | The user has reached the max open shell limit."),
    title: "answers 5008 to one shell more than the user's open-shell limit",
    run: async (ctx) => {
      const limit = ctx.fixtures.shellLimit;
      const given = mainSetup(ctx);
      if (!given.ok) return given.verdict;
      if (limit === undefined) return skip(needs("shellLimit", "the target's open-shell limit per user"));
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { cmd, lab } = s.value;
      const node = lab.nodes[0] ?? "";
      const listed = step(
        "list shells (5)",
        await command(ctx, cmd, { labId: lab.id, command: 5 }),
        shellListAckSchema,
      );
      if (!listed.ok) return listed.verdict;
      for (const { id } of listed.value as { id: string }[])
        await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId: id });
      const opened: string[] = [];
      try {
        for (let i = 0; i < limit; i++) {
          const a = await command(ctx, cmd, { labId: lab.id, command: labCommands.openShell, node });
          if (a.kind === "error" && a.code === errorCodes.shellLimit)
            throw new Mismatch({
              title: `5008 after ${i} open shells, with a limit of ${limit} (fixtures \`shellLimit\`)`,
              expected: { payload: "a shell id" },
              actual: shown(a),
            });
          const id = step(`open shell ${i + 1} of ${limit}`, a, shellIdAckSchema);
          if (!id.ok) return id.verdict;
          opened.push(id.value as string);
        }
        const over = await command(ctx, cmd, { labId: lab.id, command: labCommands.openShell, node });
        expectError(over, [errorCodes.shellLimit], `shell ${limit + 1} with a limit of ${limit}`);
      } finally {
        for (const shellId of opened)
          await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId });
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.unknown-shell-5007",
    level: "must",
    doc: doc("errors", "`5007` | The specified shell could not be found."),
    title: "answers 5007 to closing a shell that does not exist",
    run: async (ctx) => {
      // In a running lab, so that "not running" (5003) cannot be the fitting answer.
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const ids = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }));
      const probe = { labId: lab.id, command: labCommands.closeShell, shellId: "volley-no-such-shell" };
      return propertyUnlessSilent(ctx, token, probe, ids, async (shellId) => {
        const a = await oneRequest(ctx, token, { labId: lab.id, command: labCommands.closeShell, shellId });
        expectError(a, [errorCodes.shellNotFound], `close unknown shell ${JSON.stringify(shellId)}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.missing-shell-id-refused",
    level: "must",
    doc: doc("commands", QUOTES.needsNodeOrShell),
    title: "refuses close shell (7), which requires a shell id, when the shell id is missing",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const a = await command(ctx, s.value.cmd, { labId: s.value.lab.id, command: labCommands.closeShell });
      // Invalid request (5422) or no such shell (5007): DECISIONS.md D5 leaves the choice open.
      expectError(a, [errorCodes.invalidRequest, errorCodes.shellNotFound], "close shell without a shell id");
      return pass();
    },
  },
];
