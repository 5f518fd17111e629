import fc from "fast-check";
import { errorCodes, labCommandRequestSchema, labCommands } from "../../protocols/antimony/index.js";
import { arbitraryOf, Mismatch, mutationsOf, pass, skip } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import {
  command,
  commandsAs,
  expectError,
  expectPayload,
  mainSetup,
  mainToken,
  oneRequest,
  propertyUnlessSilent,
  shown,
} from "./session.js";

const COMMAND_IDS = Object.values(labCommands);
const DOCUMENTED_CODES: readonly number[] = Object.values(errorCodes);

/**
 * Fully valid requests (schema-derived) for a lab that does not exist: every field a command requires is present,
 * so no answer but "not found" fits, whatever order a server validates in.
 */
function unknownLabRequests(ctx: Ctx) {
  const known = new Set([ctx.fixtures.lab?.id, ctx.fixtures.failingLab?.id, ctx.fixtures.undeployedLab?.id]);
  return fc
    .tuple(arbitraryOf(labCommandRequestSchema), fc.constantFrom(...COMMAND_IDS), fc.string({ minLength: 1 }))
    .map(([r, c, filler]) => ({
      ...r,
      command: c,
      ...(r.node === undefined && [2, 3, 4, 6].includes(c) ? { node: filler } : {}),
      ...(r.shellId === undefined && c === labCommands.closeShell ? { shellId: filler } : {}),
    }))
    .filter((r) => !known.has(r.labId));
}

/** Requests the protocol schema rejects, mutated from harmless valid ones (list shells) on the fixture lab. */
function invalidRequests(labId: string, node: string) {
  const plain = { labId, command: labCommands.listShells };
  const full = { ...plain, node, shellId: "volley-shell" };
  return fc.oneof(mutationsOf(labCommandRequestSchema, plain), mutationsOf(labCommandRequestSchema, full));
}

export const inputChecks: AntimonyCheck[] = [
  {
    id: "antimony.lab-commands.unknown-lab-5005",
    level: "must",
    doc: doc("errors"),
    title: "answers 5005 to any valid command for a lab that does not exist",
    run: async (ctx) => {
      const token = mainToken(ctx);
      if (token === undefined) return skip("no main user token (fixtures `token` or --token)");
      const probe = { labId: "volley-no-such-lab", command: labCommands.listShells };
      return propertyUnlessSilent(ctx, token, probe, unknownLabRequests(ctx), async (r) => {
        expectError(await oneRequest(ctx, token, r), [errorCodes.notFound], `command ${r.command} for an unknown lab`);
      });
    },
  },
  {
    id: "antimony.lab-commands.json-string-form",
    level: "should",
    doc: doc("labCommands"),
    title: "accepts the request as a JSON string too, as the real web client sends it (REAL-SERVERS.md)",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      const list = await command(ctx, cmd, JSON.stringify({ labId: setup.lab.id, command: labCommands.listShells }));
      expectPayload(list, "list shells sent as a JSON string is answered like the object", { payload: "a list" });
      const probe = JSON.stringify({ labId: "volley-no-such-lab", command: labCommands.listShells });
      return propertyUnlessSilent(ctx, setup.token, probe, unknownLabRequests(ctx), async (r) => {
        const title = `command ${r.command} for an unknown lab, sent as a JSON string (the real web client's form)`;
        expectError(await oneRequest(ctx, setup.token, JSON.stringify(r)), [errorCodes.notFound], title);
      });
    },
  },
  {
    id: "antimony.lab-commands.invalid-request-5422",
    level: "must",
    doc: doc("errors"),
    title: "answers 5422 to a request that does not fit the documented shape (missing or mistyped fields)",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const invalid = invalidRequests(setup.lab.id, setup.lab.nodes[0] ?? "");
      return propertyUnlessSilent(ctx, setup.token, { command: labCommands.listShells }, invalid, async (m) => {
        const a = await oneRequest(ctx, setup.token, m.value);
        // A non-integer number is also "an unknown command" (5000): the document does not rank the two.
        const v = m.value as { command?: unknown } | null;
        const odd = typeof v === "object" && v !== null && typeof v.command === "number";
        expectError(
          a,
          odd ? [errorCodes.invalidRequest, errorCodes.generic] : [errorCodes.invalidRequest],
          m.description,
        );
      });
    },
  },
  {
    id: "antimony.lab-commands.unknown-command-refused",
    level: "must",
    doc: doc("commands"),
    title: "answers a command id outside 0..7 with a documented error code",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const ids = fc.integer({ min: -1000, max: 1000 }).filter((n) => n < 0 || n > 7);
      return propertyUnlessSilent(ctx, setup.token, { labId: setup.lab.id, command: 99 }, ids, async (n) => {
        const a = await oneRequest(ctx, setup.token, { labId: setup.lab.id, command: n });
        expectError(a, DOCUMENTED_CODES, `command ${n}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.unknown-command-5000",
    level: "should",
    doc: doc("errors"),
    title: "answers an unknown command id with the generic 5000, as the real server does",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      const a = await command(ctx, cmd, { labId: setup.lab.id, command: 8 });
      expectError(a, [errorCodes.generic], "command 8", "REAL-SERVERS.md: unknown command → 5000");
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.odd-input-answered",
    level: "should",
    doc: doc("acks"),
    title: "answers odd payloads (prototype keys, control characters, huge fields, unknown events) and stays up",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      const labId = setup.lab.id;
      const listing = { labId, command: labCommands.listShells };
      const odd: unknown[] = [
        `{"labId":${JSON.stringify(labId)},"command":5,"__proto__":{"command":0}}`,
        JSON.parse(`{"labId":${JSON.stringify(labId)},"command":5,"constructor":{"prototype":{"x":1}}}`),
        { labId: "\u0000\u202e", command: 5 },
        { labId: "x".repeat(100_000), command: 5 },
        "{".repeat(5_000),
        [listing],
      ];
      cmd.emit("volley-unknown-event", listing);
      for (const value of odd) {
        const a = await command(ctx, cmd, value);
        if (a.kind === "none" || a.kind === "other")
          throw new Mismatch({ title: "an odd payload is answered", expected: "an ack", actual: shown(a) });
      }
      const after = await command(ctx, cmd, listing);
      expectPayload(after, "after odd payloads, list shells is still answered", { payload: "a list" });
      return pass();
    },
  },
];
