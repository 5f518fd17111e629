import { runtimeStatusSchema, scriptOutputSchema } from "../../protocols/neoruntime/index.js";
import { fail, Mismatch, pass, type SioClient, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck } from "./doc.js";
import { type EventKind, NO_EVENTS_REASON, namedEvents } from "./fixtures.js";
import {
  createScript,
  freshScriptPath,
  type Login,
  listingOf,
  loginOf,
  NO_LOGIN,
  removeScripts,
  selectScript,
  signIn,
  subscribe,
} from "./session.js";

/**
 * Makes the server push a `kind` event as the user's fixture describes it: a Create sets off `scripts`, a Select
 * of that new script `status` and `output`. Returns the paths to delete afterwards.
 */
export async function trigger(ctx: Ctx, actor: SioClient, kind: EventKind): Promise<string[]> {
  const path = freshScriptPath();
  await createScript(ctx, actor, path);
  if (kind !== "scripts") await selectScript(ctx, actor, path);
  return [path];
}

export const pushWithinMs = (ctx: Ctx, kind: EventKind): number =>
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
 * One delivery: `quiet` clients are set up first (each in the state that must keep it from receiving), then a
 * `witness` joins and a third client sets the event off. The witness must receive it, which shows the event was
 * sent; the quiet ones must not within the silence window.
 */
async function delivery(
  ctx: Ctx,
  login: Login,
  kind: EventKind,
  name: string,
  quiet: () => Promise<SioClient[]>,
  inspect: (payload: unknown) => Verdict = pass,
): Promise<Verdict> {
  const silent = await quiet();
  const witness = await signIn(ctx, login);
  await subscribe(ctx, witness, name, "join");
  const actor = await signIn(ctx, login);
  const paths = await trigger(ctx, actor, kind);
  try {
    const verdict = inspect(await expectPush(ctx, witness, kind, name));
    if (verdict.status !== "pass") return verdict;
    for (const client of silent) {
      const seen = await client.silence(name, ctx.silenceMs);
      if (seen.kind === "event") {
        return fail({ title: `${client.name} receives no ${name}`, expected: "nothing", actual: seen.args });
      }
    }
    return pass();
  } finally {
    await removeScripts(ctx, actor, paths);
  }
}

/** A check run once per event the fixtures name; the first departure is the verdict. */
function perEvent(
  id: string,
  title: string,
  level: "must" | "should",
  run: (ctx: Ctx, login: Login, kind: EventKind, name: string) => Promise<Verdict>,
): NeoCheck {
  return {
    id,
    level,
    doc: doc("events"),
    title,
    run: async (ctx) => {
      const login = loginOf(ctx);
      if (login === undefined) return skip(NO_LOGIN);
      const events = namedEvents(ctx.fixtures);
      if (events.length === 0) return skip(NO_EVENTS_REASON);
      for (const [kind, name] of events) {
        const verdict = await run(ctx, login, kind, name);
        if (verdict.status !== "pass") return verdict;
      }
      return pass();
    },
  };
}

const PAYLOADS: Record<EventKind, { describe: string; fits: (payload: unknown) => boolean }> = {
  status: {
    describe: "the status object, as NeoRuntime/status acks it",
    fits: (p) => runtimeStatusSchema.safeParse(p).success,
  },
  scripts: { describe: "the lists, as NeoRuntime/Scripts/get acks them", fits: (p) => listingOf(p) !== undefined },
  output: {
    describe: "{scriptPath, seq, line} (DECISIONS.md D14)",
    fits: (p) => scriptOutputSchema.safeParse(p).success,
  },
};

export const eventChecks: readonly NeoCheck[] = [
  perEvent(
    "neoruntime.events.join-receives",
    "delivers an event to an authenticated client that joined it",
    "must",
    (ctx, login, kind, name) => delivery(ctx, login, kind, name, async () => []),
  ),
  perEvent(
    "neoruntime.events.not-joined-receives-nothing",
    "does not deliver an event to an authenticated client that did not join it",
    "must",
    (ctx, login, kind, name) => delivery(ctx, login, kind, name, async () => [await signIn(ctx, login)]),
  ),
  perEvent(
    "neoruntime.events.leave-stops",
    "stops delivering an event to a client that left it",
    "must",
    (ctx, login, kind, name) =>
      delivery(ctx, login, kind, name, async () => {
        const left = await signIn(ctx, login);
        await subscribe(ctx, left, name, "join");
        await subscribe(ctx, left, name, "leave");
        // Whatever was pushed while it was joined (an output backlog, D14) is not what this check is about.
        while ((await left.silence(name, 0)).kind === "event") await left.next(name, 0);
        return [left];
      }),
  ),
  perEvent(
    "neoruntime.unauthenticated.join-receives-nothing",
    "does not deliver events to a socket that joined them without authenticating",
    "must",
    (ctx, login, kind, name) =>
      delivery(ctx, login, kind, name, async () => {
        const stranger = await ctx.clients.connect({ namespace: "/" });
        stranger.emit(`${name}::join`);
        return [stranger];
      }),
  ),
  perEvent(
    "neoruntime.events.payloads",
    "pushes the payload each named event stands for (the fixtures' description, DECISIONS.md D13-D14)",
    "should",
    (ctx, login, kind, name) =>
      delivery(
        ctx,
        login,
        kind,
        name,
        async () => [],
        (payload) =>
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
