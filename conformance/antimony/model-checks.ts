import fc from "fast-check";
import { labCommands } from "../../protocols/antimony/index.js";
import { runModel, skip, type Verdict } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import type { LabFixture } from "./fixtures.js";
import { OtherUserCommand, SubscribeLogs } from "./model/access-actions.js";
import { Deploy, Destroy, NodeCommand, UnknownLab } from "./model/lab-actions.js";
import { type AntimonyCommand, closeShells, type Form, setupModel } from "./model/model.js";
import { CloseShell, CloseUnknownShell, ListShells, OpenShell, UseShell } from "./model/shell-actions.js";
import { commandsAs, ensureDeployed, mainSetup, needs } from "./session.js";

/**
 * The actions a sequence is drawn from. Deploys are the slow ones (a real containerlab takes seconds), and so is
 * the next sequence's setup after a destroy, so both are drawn once for every three of the others. The documented
 * run sends requests as objects, and the other user only commands that need no node or shell (0, 1, 5), where 5403
 * is the fitting answer; the robust run adds JSON strings and every command.
 */
function actions(lab: LabFixture, robust: boolean): fc.Arbitrary<AntimonyCommand>[] {
  const forms: Form[] = robust ? ["object", "string"] : ["object"];
  const form = fc.constantFrom(...forms);
  const foreign = robust
    ? Object.values(labCommands)
    : [labCommands.deploy, labCommands.destroy, labCommands.listShells];
  const node = fc.constantFrom(...lab.nodes);
  const known = (id: string) => id === lab.id;
  const quick: fc.Arbitrary<AntimonyCommand>[] = [
    fc
      .tuple(fc.constantFrom(2, 3, 4) as fc.Arbitrary<2 | 3 | 4>, node, form)
      .map(([c, n, f]) => new NodeCommand(c, n, f)),
    fc.tuple(node, form).map(([n, f]) => new OpenShell(n, f)),
    form.map((f) => new ListShells(f)),
    fc.tuple(fc.nat(9), form).map(([n, f]) => new CloseShell(n, f)),
    fc.tuple(fc.uuid(), form).map(([id, f]) => new CloseUnknownShell(id, f)),
    fc
      .tuple(fc.nat(9), fc.constantFrom("ls\r", "show version\n", "\u0003", "é😀\r"))
      .map(([n, k]) => new UseShell(n, k)),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !known(s)),
        fc.constantFrom(...Object.values(labCommands)),
        form,
      )
      .map(([id, c, f]) => new UnknownLab(id, c, f)),
    fc.tuple(fc.constantFrom(...foreign), fc.nat(9), form).map(([c, n, f]) => new OtherUserCommand(c, n, f)),
    fc.option(node, { nil: undefined }).map((n) => new SubscribeLogs(n)),
  ];
  return [form.map((f) => new Deploy(f)), form.map((f) => new Destroy(f)), ...quick, ...quick, ...quick];
}

async function modelRun(ctx: Ctx, robust: boolean): Promise<Verdict> {
  const setup = mainSetup(ctx);
  if (!setup.ok) return setup.verdict;
  const other = ctx.fixtures.otherToken;
  if (robust && other === undefined) return skip(needs("otherToken", "a user without access to the lab"));
  const { token, lab } = setup.value;
  // Every sequence starts deployed with both users' connections open: a lab that cannot be deployed or a refused
  // connection blocks the run once, here, instead of failing every sequence.
  const deployed = await ensureDeployed(ctx, token, lab, await commandsAs(ctx, token));
  if (!deployed.ok) return deployed.verdict;
  await setupModel(ctx, { token, lab, other, robust });
  ctx.clients.closeAll();
  return runModel(ctx, {
    commands: actions(lab, robust),
    setup: () => setupModel(ctx, { token, lab, other, robust }),
    teardown: (real) => closeShells(ctx, real.main.cmd, real.lab),
    maxCommands: 10,
  });
}

export const modelChecks: AntimonyCheck[] = [
  {
    id: "antimony.model.lab-session",
    level: "must",
    doc: doc(
      "labCommands",
      "The lab commands namespace is a global namespace that is used by the client to signal the server to initiate a lab action (e.g. deploying a lab).",
    ),
    title:
      "random sequences of deploy, destroy, node, shell and log actions by the owner and a user without access agree with the document's model",
    run: (ctx) => modelRun(ctx, false),
  },
  {
    id: "antimony.model.isolation",
    level: "should",
    doc: doc(
      "auth",
      QUOTES.auth,
      "DECISIONS D11 (who hears what) and D4; REAL-SERVERS: lab commands also as JSON strings",
    ),
    title:
      "the same sequences, with requests also as JSON strings: the user without access hears nothing and reaches no shell or log",
    run: (ctx) => modelRun(ctx, true),
  },
];
