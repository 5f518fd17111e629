import { scriptOutputSchema } from "../../protocols/neoruntime/index.js";
import { fail, Mismatch, pass, type SioClient, setUpStep, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck, QUOTES } from "./doc.js";
import { documentedListing, documentedStatus } from "./documented.js";
import { type EventKind, NO_EVENTS_REASON, namedEvents } from "./fixtures.js";
import {
  createFixtureScript,
  freshScriptPath,
  type Login,
  loginOf,
  NO_LOGIN,
  removeScripts,
  STEPS,
  selectScript,
  signIn,
  subscribe,
} from "./session.js";

/** The events the fixtures name, as `[kind, name]` pairs. */
type Named = readonly (readonly [EventKind, string])[];

/** Joins or leaves every named event, each with its round trip: a set-up step. */
export async function subscribeAll(ctx: Ctx, client: SioClient, events: Named, how: "join" | "leave"): Promise<void> {
  for (const [, name] of events) await setUpStep(STEPS.roundTrip, () => subscribe(ctx, client, name, how));
}

/** How long the first push of `kind` may take after the trigger: output waits for the script to print. */
const pushWithinMs = (ctx: Ctx, kind: EventKind): number =>
  kind === "output" ? (ctx.fixtures.events.outputWithinMs ?? ctx.timeoutMs) : ctx.timeoutMs;

/** The first `name` event a joined client receives after the trigger. */
async function expectPush(ctx: Ctx, client: SioClient, kind: EventKind, name: string): Promise<unknown> {
  const got = await client.next(name, pushWithinMs(ctx, kind));
  if (got.kind === "event") return got.args[0];
  throw new Mismatch({
    title: `a client that joined ${name} receives it when ${kind === "scripts" ? "a script is created" : "a script is selected"}`,
    expected: `a ${name} event`,
    actual: `nothing within ${got.ms} ms`,
  });
}

/**
 * One delivery of every named event: `quiet` clients are set up first (each in the state that must keep it from
 * receiving), then a `witness` joins everything and a third client creates and selects a new script, which sets off
 * each kind as the fixtures describe it (Create: `scripts`; Select: `status` and `output`). The witness must
 * receive each event, which shows it was sent; the quiet ones must receive none within the silence window.
 */
async function delivery(
  ctx: Ctx,
  login: Login,
  events: Named,
  quiet: () => Promise<SioClient[]>,
  inspect: (kind: EventKind, name: string, payload: unknown) => Verdict = pass,
): Promise<Verdict> {
  const silent = await quiet();
  const witness = await signIn(ctx, login);
  await subscribeAll(ctx, witness, events, "join");
  const actor = await signIn(ctx, login);
  const path = freshScriptPath();
  try {
    await createFixtureScript(ctx, actor, path);
    await setUpStep(STEPS.roundTrip, () => selectScript(ctx, actor, path));
    for (const [kind, name] of events) {
      const verdict = inspect(kind, name, await expectPush(ctx, witness, kind, name));
      if (verdict.status !== "pass") return verdict;
    }
    let wait = ctx.silenceMs;
    for (const client of silent) {
      for (const [, name] of events) {
        const seen = await client.silence(name, wait);
        wait = 0;
        if (seen.kind === "event") {
          return fail({
            title: `${client.name} receives no ${name}`,
            expected: "nothing",
            actual: { [name]: seen.args },
          });
        }
      }
    }
    return pass();
  } finally {
    await removeScripts(ctx, actor, [path]);
  }
}

/** A check over the events the fixtures name. */
function overEvents(
  id: string,
  title: string,
  pointer: ReturnType<typeof doc>,
  run: (ctx: Ctx, login: Login, events: Named) => Promise<Verdict>,
): NeoCheck {
  return {
    id,
    level: pointer.decision === undefined ? "must" : "should",
    doc: pointer,
    title,
    run: async (ctx) => {
      const login = loginOf(ctx);
      if (login === undefined) return skip(NO_LOGIN);
      const events = namedEvents(ctx.fixtures);
      return events.length === 0 ? skip(NO_EVENTS_REASON) : run(ctx, login, events);
    },
  };
}

const PAYLOADS: Record<EventKind, { describe: string; fits: (payload: unknown) => boolean }> = {
  status: {
    describe: "the status object, as NeoRuntime/status acks it",
    fits: (p) => documentedStatus.safeParse(p).success,
  },
  scripts: {
    describe: "the lists, as NeoRuntime/Scripts/get acks them",
    fits: (p) => documentedListing.safeParse(p).success,
  },
  output: {
    describe: "{scriptPath, seq, line} (DECISIONS.md D14)",
    fits: (p) => scriptOutputSchema.safeParse(p).success,
  },
};

export const eventChecks: readonly NeoCheck[] = [
  overEvents(
    "neoruntime.events.join-receives",
    "delivers each named event to an authenticated client that joined it",
    doc("events", QUOTES.join),
    (ctx, login, events) => delivery(ctx, login, events, async () => []),
  ),
  overEvents(
    "neoruntime.events.not-joined-receives-nothing",
    "does not deliver an event to an authenticated client that did not join it",
    doc("events", QUOTES.join),
    (ctx, login, events) => delivery(ctx, login, events, async () => [await signIn(ctx, login)]),
  ),
  overEvents(
    "neoruntime.events.leave-stops",
    "stops delivering an event to a client that left it",
    doc("events", QUOTES.leave),
    (ctx, login, events) =>
      delivery(ctx, login, events, async () => {
        const left = await signIn(ctx, login);
        await subscribeAll(ctx, left, events, "join");
        await subscribeAll(ctx, left, events, "leave");
        // Whatever was pushed while it was joined (an output backlog, D14) is not what this check is about.
        for (const [, name] of events) while ((await left.silence(name, 0)).kind === "event") await left.next(name, 0);
        return [left];
      }),
  ),
  overEvents(
    "neoruntime.unauthenticated.join-receives-nothing",
    "does not deliver events to a socket that joined them without authenticating",
    doc("connect", QUOTES.authenticated),
    (ctx, login, events) =>
      delivery(ctx, login, events, async () => {
        const stranger = await ctx.clients.connect({ namespace: "/" });
        for (const [, name] of events) stranger.emit(`${name}::join`);
        return [stranger];
      }),
  ),
  overEvents(
    "neoruntime.events.payloads",
    "pushes the payload each named event stands for (the fixtures' description, DECISIONS.md D13-D14)",
    doc("events", QUOTES.join, "D13, D14: what each event carries (the document names no event)"),
    (ctx, login, events) =>
      delivery(
        ctx,
        login,
        events,
        async () => [],
        (kind, name, payload) =>
          PAYLOADS[kind].fits(payload)
            ? pass()
            : fail({
                title: `${name} carries ${PAYLOADS[kind].describe}`,
                expected: PAYLOADS[kind].describe,
                actual: payload,
              }),
      ),
  ),
];
