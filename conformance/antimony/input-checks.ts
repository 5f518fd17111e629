import fc from "fast-check";
import { errorCodes, labCommands } from "../../protocols/antimony/index.js";
import { arbitraryOf, Mismatch, mutationsOf, pass } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import { notInvalidSchema, requestSchema } from "./documented.js";
import {
  command,
  commandsAs,
  expectError,
  mainSetup,
  oneRequest,
  propertyUnlessSilent,
  shown,
  tokenSetup,
} from "./session.js";

const COMMAND_IDS = Object.values(labCommands);
const DOCUMENTED_CODES: readonly number[] = Object.values(errorCodes);

/**
 * Fully valid requests (generated from the documented shape) for a lab that does not exist: every field a command
 * requires is present, so no answer but "not found" fits, whatever order a server validates in.
 */
function unknownLabRequests(ctx: Ctx) {
  const known = new Set([ctx.fixtures.lab?.id, ctx.fixtures.failingLab?.id, ctx.fixtures.undeployedLab?.id]);
  return fc
    .tuple(arbitraryOf(requestSchema), fc.constantFrom(...COMMAND_IDS), fc.string({ minLength: 1 }))
    .map(([r, c, filler]) => ({
      ...r,
      command: c,
      ...(r.node === undefined && [2, 3, 4, 6].includes(c) ? { node: filler } : {}),
      ...(r.shellId === undefined && c === labCommands.closeShell ? { shellId: filler } : {}),
    }))
    .filter((r) => !known.has(r.labId));
}

/**
 * Requests that fit no reading of the documented shape, mutated from harmless valid ones (list shells) on the
 * fixture lab. Mutations the document leaves open (an empty labId, null for an optional field) are not among them.
 */
function invalidRequests(labId: string, node: string) {
  const plain = { labId, command: labCommands.listShells };
  const full = { ...plain, node, shellId: "volley-shell" };
  return fc.oneof(mutationsOf(notInvalidSchema, plain), mutationsOf(notInvalidSchema, full));
}

export const inputChecks: AntimonyCheck[] = [
  {
    id: "antimony.lab-commands.unknown-lab-5005",
    level: "must",
    doc: doc("errors", "`5005` | The specified ID could not be found."),
    title: "answers 5005 to any valid command for a lab that does not exist",
    run: async (ctx) => {
      const s = tokenSetup(ctx);
      if (!s.ok) return s.verdict;
      const token = s.value;
      const probe = { labId: "volley-no-such-lab", command: labCommands.listShells };
      return propertyUnlessSilent(ctx, token, probe, unknownLabRequests(ctx), async (r) => {
        expectError(await oneRequest(ctx, token, r), [errorCodes.notFound], `command ${r.command} for an unknown lab`);
      });
    },
  },
  {
    id: "antimony.lab-commands.json-string-form",
    level: "should",
    doc: doc(
      "labCommands",
      "The client is issuing a lab command to the server.",
      "REAL-SERVERS: the real web client sends lab commands as a JSON-encoded string; DECISIONS D4",
    ),
    title: "accepts the request as a JSON string too, as the real web client sends it (REAL-SERVERS.md)",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const cmd = await commandsAs(ctx, token);
      // List shells may be answered or refused (5003 on a lab that is not running); either way, as the object is.
      const listing = { labId: lab.id, command: labCommands.listShells };
      const asObject = await command(ctx, cmd, listing);
      const asString = await command(ctx, cmd, JSON.stringify(listing));
      if (
        asString.kind !== asObject.kind ||
        (asString.kind === "error" && asString.code !== (asObject as { code?: unknown }).code)
      )
        throw new Mismatch({
          title: "list shells sent as a JSON string is not answered like the object",
          expected: shown(asObject),
          actual: shown(asString),
        });
      const probe = JSON.stringify({ labId: "volley-no-such-lab", command: labCommands.listShells });
      return propertyUnlessSilent(ctx, token, probe, unknownLabRequests(ctx), async (r) => {
        const title = `command ${r.command} for an unknown lab, sent as a JSON string (the real web client's form)`;
        expectError(await oneRequest(ctx, token, JSON.stringify(r)), [errorCodes.notFound], title);
      });
    },
  },
  {
    id: "antimony.lab-commands.invalid-request-5422",
    level: "must",
    hostile: true,
    doc: doc("errors", "`5422` | Generic error that is returned when the socket request was invalid."),
    title: "answers 5422 to a request that does not fit the documented shape (missing or mistyped fields)",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const invalid = invalidRequests(lab.id, lab.nodes[0] ?? "");
      return propertyUnlessSilent(ctx, token, { command: labCommands.listShells }, invalid, async (m) => {
        const a = await oneRequest(ctx, token, m.value);
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
    doc: doc(
      "errors",
      "Any namespace that sends a package to the server can receive an error as acknowledgement value.",
    ),
    title: "answers a command id outside 0..7 with a documented error code",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab } = s.value;
      const ids = fc.integer({ min: -1000, max: 1000 }).filter((n) => n < 0 || n > 7);
      return propertyUnlessSilent(ctx, token, { labId: lab.id, command: 99 }, ids, async (n) => {
        const a = await oneRequest(ctx, token, { labId: lab.id, command: n });
        expectError(a, DOCUMENTED_CODES, `command ${n}`);
      });
    },
  },
  {
    id: "antimony.lab-commands.unknown-command-5000",
    level: "should",
    doc: doc(
      "errors",
      "`5000` | Generic Antimony error. Refer to the message for more information.",
      "REAL-SERVERS: unknown command → 5000",
    ),
    title: "answers an unknown command id with the generic 5000, as the real server does",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const cmd = await commandsAs(ctx, s.value.token);
      const a = await command(ctx, cmd, { labId: s.value.lab.id, command: 8 });
      expectError(a, [errorCodes.generic], "command 8", "REAL-SERVERS.md: unknown command → 5000");
      return pass();
    },
  },
  {
    id: "antimony.lab-commands.odd-input-answered",
    level: "should",
    hostile: true,
    doc: doc("acks", "The server replies with an acknowledgement to communicate a return value"),
    title: "answers odd payloads (prototype keys, control characters, huge fields, unknown events) and stays up",
    run: async (ctx) => {
      const s = mainSetup(ctx);
      if (!s.ok) return s.verdict;
      const cmd = await commandsAs(ctx, s.value.token);
      const labId = s.value.lab.id;
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
      if (after.kind === "none" || after.kind === "other")
        throw new Mismatch({
          title: "after odd payloads, list shells is not answered",
          expected: "an ack",
          actual: shown(after),
        });
      return pass();
    },
  },
];
