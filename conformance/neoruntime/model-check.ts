import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Mismatch, runModel, type SioClient, setUpStep, skip } from "../index.js";
import { doc, type NeoCheck, QUOTES } from "./doc.js";
import { EVENT_KINDS } from "./fixtures.js";
import { Authenticate, BadToken } from "./model/auth-commands.js";
import { CLIENTS, expectQuiet, type NeoModel, type NeoReal, SLOTS } from "./model/neo-model.js";
import { List, Status } from "./model/query-commands.js";
import { Create, Delete, Select } from "./model/script-commands.js";
import { Subscription } from "./model/subscription-commands.js";
import { authenticate, loginOf, NO_LOGIN, removeScripts, STEPS, signIn, statusOf } from "./session.js";

// The first client (authenticated at setup) acts half the time, so sequences reach the actions' answers.
const client = fc.oneof(fc.constant(0), fc.nat({ max: CLIENTS - 1 }));
const slot = fc.nat({ max: SLOTS - 1 });
const kind = fc.constantFrom(...EVENT_KINDS);

const create = fc.tuple(client, slot).map(([c, s]) => new Create(c, s));
const select = fc.tuple(client, slot).map(([c, s]) => new Select(c, s));

// Create and Select twice: fast-check picks among these uniformly, and most departures need a script that exists.
const commands = [
  create,
  select,
  client.map((c) => new Authenticate(c)),
  client.map((c) => new BadToken(c)),
  fc.tuple(client, slot).map(([c, s]) => new Create(c, s)),
  fc.tuple(client, slot).map(([c, s]) => new Delete(c, s)),
  fc.tuple(client, slot).map(([c, s]) => new Select(c, s)),
  client.map((c) => new Status(c)),
  client.map((c) => new List(c)),
  fc
    .tuple(client, kind, fc.constantFrom("join" as const, "leave" as const))
    .map(([c, k, h]) => new Subscription(c, k, h)),
];

/**
 * Random sequences of the document's actions by three clients, each answer and each pushed event compared with an
 * in-memory model: who is authenticated, who joined what, which scripts exist, which one is current. Unauthenticated
 * actions must have no effect and carry no data (D5); pushes reach authenticated joined clients and nobody else.
 */
export const modelCheck: NeoCheck = {
  id: "neoruntime.model.sequences",
  level: "must",
  doc: doc("actions", QUOTES.action),
  title: "answers random sequences of actions by three clients as the model says, with fan-out to joined clients only",
  run: async (ctx) => {
    const login = loginOf(ctx);
    if (login === undefined) return skip(NO_LOGIN);
    const events = Object.fromEntries(
      EVENT_KINDS.flatMap((k) => (ctx.fixtures.events[k] === undefined ? [] : [[k, ctx.fixtures.events[k]]])),
    );
    // Set-up steps outside the sequences, so that a departure in them blocks the check under the step's name
    // instead of failing every sequence's set-up inside fast-check.
    const probe = await signIn(ctx, login);
    await setUpStep(STEPS.roundTrip, () => statusOf(ctx, probe));
    probe.close();
    return runModel(ctx, {
      commands,
      maxCommands: 15,
      setup: async () => {
        // The model's clients connect first, so transcripts name them c1, c2, c3 as the commands do.
        const clients = [];
        for (let i = 0; i < CLIENTS; i++) clients.push(await ctx.clients.connect({ namespace: "/" }));
        await authenticate(ctx, clients[0] as SioClient, login);
        const observer = await signIn(ctx, login);
        const status = await statusOf(ctx, observer);
        const run = randomBytes(4).toString("hex");
        const real: NeoReal = {
          ctx,
          login,
          clients,
          observer,
          paths: Array.from({ length: SLOTS }, (_, i) => `local/volley_m${run}_${i}`),
          events,
          unanswered: [],
        };
        const model: NeoModel = {
          authed: clients.map((_, i) => i === 0),
          joined: clients.map(() => new Set()),
          askedEarly: clients.map(() => new Set()),
          created: new Set(),
          current: { shown: status.currentScript },
        };
        // What this sequence sees at the end is judged in teardown, which only has `real`.
        finals.set(real, model);
        return { model, real };
      },
      teardown: async (real) => {
        const model = finals.get(real);
        finals.delete(real);
        try {
          if (model !== undefined) await expectQuiet(model, real, ctx.silenceMs);
          const leaked = (await Promise.all(real.unanswered)).filter((x) => x !== undefined);
          if (leaked.length > 0) {
            throw new Mismatch({
              title: "actions of unauthenticated clients get no data and no success",
              expected: "no such ack",
              actual: leaked,
            });
          }
        } finally {
          await removeScripts(ctx, real.observer, real.paths);
        }
      },
    });
  },
};

const finals = new WeakMap<NeoReal, NeoModel>();
