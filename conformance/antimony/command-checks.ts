import fc from "fast-check";
import {
  errorCodes,
  labCommands,
  namespaces,
  nullAckSchema,
  statusMessageEventSchema,
} from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, skip } from "../index.js";
import { type AntimonyCheck, doc } from "./doc.js";
import {
  answerOf,
  command,
  commandsAs,
  connectAs,
  deploy,
  ensureDeployed,
  expectError,
  expectPayload,
  mainSetup,
  mainToken,
  oneRequest,
  propertyUnlessSilent,
  shown,
} from "./session.js";

const NODE_COMMANDS = [labCommands.stopNode, labCommands.startNode, labCommands.restartNode] as const;
const NULL = { payload: null };

export const commandChecks: AntimonyCheck[] = [
  {
    id: "antimony.lab-commands.deploy-ack",
    level: "must",
    doc: doc("commands"),
    title: "acks deploy (0) with {payload: null}, also as a redeploy of a running lab",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      for (const what of ["deploy", "redeploy"]) {
        const a = await deploy(ctx, setup.token, setup.lab, cmd);
        expectPayload(a, `${what} of lab ${setup.lab.id}`, NULL, nullAckSchema);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.destroy-ack",
    level: "must",
    doc: doc("commands"),
    title: "acks destroy (1) of a deployed lab with {payload: null}",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const a = await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.destroy });
      expectPayload(a, "destroy of a deployed lab", NULL, nullAckSchema);
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.node-commands-ack",
    level: "must",
    doc: doc("commands"),
    title: "acks stop (2), start (3) and restart (4) of a node of a deployed lab with {payload: null}",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const node = setup.lab.nodes[0] ?? "";
      for (const c of [labCommands.stopNode, labCommands.startNode, labCommands.restartNode]) {
        const a = await command(ctx, cmd, { labId: setup.lab.id, command: c, node });
        expectPayload(a, `command ${c} on node ${node}`, NULL, nullAckSchema);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.unknown-node-5006",
    level: "must",
    doc: doc("errors"),
    title: "answers 5006 to a node command or open shell naming a node the deployed lab does not have",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const nodes = fc.string({ minLength: 1, maxLength: 30 }).filter((n) => !setup.lab.nodes.includes(n));
      const commands = fc.constantFrom(...NODE_COMMANDS, labCommands.openShell);
      const probe = { labId: setup.lab.id, command: labCommands.stopNode, node: "volley-no-such-node" };
      return propertyUnlessSilent(ctx, setup.token, probe, fc.tuple(nodes, commands), async ([node, c]) => {
        const a = await oneRequest(ctx, setup.token, { labId: setup.lab.id, command: c, node });
        expectError(a, [errorCodes.nodeNotFound], `command ${c} on unknown node ${JSON.stringify(node)}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.missing-node-refused",
    level: "must",
    doc: doc("commands"),
    title: "refuses the commands that require a node (2, 3, 4, 6) when the node is missing",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: setup.lab.id, command: c });
        // "Requires Node": the request is invalid (5422) or names no node (5006); the document does not choose.
        expectError(a, [errorCodes.invalidRequest, errorCodes.nodeNotFound], `command ${c} without a node`);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.missing-node-codes",
    level: "should",
    doc: doc("errors"),
    title: "answers a missing node with 5006 for 2, 3, 4 and 5422 for 6, as the real server does",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const code = c === labCommands.openShell ? errorCodes.invalidRequest : errorCodes.nodeNotFound;
        const a = await command(ctx, cmd, { labId: setup.lab.id, command: c });
        expectError(a, [code], `command ${c} without a node`, "REAL-SERVERS.md § antimony.md");
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.not-deployed-5003",
    level: "must",
    doc: doc("errors"),
    title: "answers 5003 to node commands and open shell in a lab that was never deployed",
    run: async (ctx) => {
      const token = mainToken(ctx);
      const lab = ctx.fixtures.undeployedLab;
      if (token === undefined || lab === undefined) return skip("needs a main token and fixtures `undeployedLab`");
      const cmd = await commandsAs(ctx, token);
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: lab.id, command: c, node: lab.node });
        expectError(a, [errorCodes.notRunning], `command ${c} in never-deployed lab ${lab.id}`);
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.destroyed-5003",
    level: "should",
    doc: doc("errors"),
    title: "answers 5003 to node commands and open shell in a destroyed lab",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      expectPayload(await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.destroy }), "destroy", NULL);
      const node = setup.lab.nodes[0] ?? "";
      for (const c of [...NODE_COMMANDS, labCommands.openShell]) {
        const a = await command(ctx, cmd, { labId: setup.lab.id, command: c, node });
        expectError(a, [errorCodes.notRunning], `command ${c} after destroy`, "DECISIONS.md D7");
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.deploying-5002-5004",
    level: "must",
    doc: doc("errors"),
    title: "refuses a second deploy while the first is still running with 5002 or 5004",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      const order: string[] = [];
      const send = (name: string) =>
        cmd.emitAck("data", [{ labId: setup.lab.id, command: labCommands.deploy }], ctx.timeoutMs).then((r) => {
          order.push(name);
          return r.kind === "timeout" ? ({ kind: "none" } as const) : answerOf(r.args);
        });
      const [first, second] = await Promise.all([send("first"), send("second")]);
      if (first.kind === "none" || second.kind === "none")
        return fail({ title: "a deploy is never acked", expected: "two acks", actual: [shown(first), shown(second)] });
      // 5002 and 5004 are described alike ("already being deployed"); DECISIONS.md D6 lets either stand.
      const busy = [errorCodes.alreadyDeploying, errorCodes.deploying];
      if (order[0] === "second") expectError(second, busy, "a deploy answered while the previous one is running");
      else if (second.kind === "error") expectError(second, busy, "the second deploy is refused with the wrong code");
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.containerlab-5001",
    level: "must",
    doc: doc("errors"),
    title: "reports a deploy that containerlab fails: ack 5001, or an error status message",
    run: async (ctx) => {
      const token = mainToken(ctx);
      const lab = ctx.fixtures.failingLab;
      if (token === undefined || lab === undefined) return skip("needs a main token and fixtures `failingLab`");
      const status = await connectAs(ctx, token, namespaces.statusMessages);
      const cmd = await commandsAs(ctx, token);
      const a = await command(ctx, cmd, { labId: lab.id, command: labCommands.deploy });
      if (a.kind === "none" || a.kind === "other")
        return fail({ title: "a failing deploy is not acked", expected: "an ack", actual: shown(a) });
      if (a.kind === "error") {
        expectError(a, [errorCodes.containerlab], `deploy of failing lab ${lab.id}`);
        return pass();
      }
      // A server may ack the deploy at once and report the failure later (DECISIONS.md D8).
      for (;;) {
        const got = await status.next("data");
        if (got.kind === "timeout")
          throw new Mismatch({
            title: "a failed deploy is neither acked 5001 nor reported by an error status message",
            expected: "{code: 5001} or a status message with severity 3 or 4",
            actual: shown(a),
          });
        const m = statusMessageEventSchema.safeParse(got.args[0]);
        if (m.success && m.data.payload.severity >= 3) return pass();
      }
    },
  },
  {
    id: "antimony.lab-commands.shell-limit-5008",
    level: "must",
    doc: doc("errors"),
    title: "answers 5008 to one shell more than the user's open-shell limit",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      const limit = ctx.fixtures.shellLimit;
      if (typeof setup === "string") return skip(setup);
      if (limit === undefined) return skip("needs fixtures `shellLimit`");
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const labId = setup.lab.id;
      const node = setup.lab.nodes[0] ?? "";
      const listed = await command(ctx, cmd, { labId, command: labCommands.listShells });
      const open = Array.isArray(listed.kind === "payload" ? listed.payload : undefined)
        ? (listed as { payload: { id: string }[] }).payload.map((s) => s.id)
        : [];
      for (const shellId of open) await command(ctx, cmd, { labId, command: labCommands.closeShell, shellId });
      const opened: string[] = [];
      try {
        for (let i = 0; i < limit; i++) {
          const a = await command(ctx, cmd, { labId, command: labCommands.openShell, node });
          opened.push(String(expectPayload(a, `shell ${i + 1} of ${limit} opens`, { payload: "a shell id" })));
        }
        const over = await command(ctx, cmd, { labId, command: labCommands.openShell, node });
        expectError(over, [errorCodes.shellLimit], `shell ${limit + 1} with a limit of ${limit}`);
      } finally {
        for (const shellId of opened) await command(ctx, cmd, { labId, command: labCommands.closeShell, shellId });
      }
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.unknown-shell-5007",
    level: "must",
    doc: doc("errors"),
    title: "answers 5007 to closing a shell that does not exist",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const ids = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }));
      const probe = { labId: setup.lab.id, command: labCommands.closeShell, shellId: "volley-no-such-shell" };
      return propertyUnlessSilent(ctx, setup.token, probe, ids, async (shellId) => {
        const a = await oneRequest(ctx, setup.token, { labId: setup.lab.id, command: labCommands.closeShell, shellId });
        expectError(a, [errorCodes.shellNotFound], `close unknown shell ${JSON.stringify(shellId)}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.missing-shell-id-refused",
    level: "must",
    doc: doc("commands"),
    title: "refuses close shell (7), which requires a shell id, when the shell id is missing",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      const a = await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.closeShell });
      // Invalid request (5422) or no such shell (5007): DECISIONS.md D5 leaves the choice open.
      expectError(a, [errorCodes.invalidRequest, errorCodes.shellNotFound], "close shell without a shell id");
      return pass();
    },
  },
];
