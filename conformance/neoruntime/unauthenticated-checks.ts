import { fail, pass, setUpStep, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck, QUOTES } from "./doc.js";
import { lists } from "./documented.js";
import { namedEvents } from "./fixtures.js";
import {
  createFixtureScript,
  freshScriptPath,
  isCurrent,
  type Login,
  listOf,
  loginOf,
  NO_LOGIN,
  removeScripts,
  STEPS,
  signIn,
  statusOf,
} from "./session.js";
import { listLeak, statusLeak, withheld } from "./withheld.js";

/**
 * neoruntime.md § Connect, step 3: only after `authenticateToken` are "all actions and events available to the
 * client", so before it an action carries no data and has no effect (`must`). That it is not answered at all is
 * REAL-SERVERS.md's fact (`decision`, a `should`): a server may answer a refusal.
 */
function unauthenticated(
  id: string,
  title: string,
  run: (ctx: Ctx, login: Login) => Promise<Verdict>,
  decision?: string,
): NeoCheck {
  return {
    id: `neoruntime.unauthenticated.${id}`,
    level: decision === undefined ? "must" : "should",
    doc: doc("connect", QUOTES.authenticated, decision),
    title,
    run: async (ctx) => {
      const login = loginOf(ctx);
      return login === undefined ? skip(NO_LOGIN) : run(ctx, login);
    },
  };
}

const stranger = (ctx: Ctx) => ctx.clients.connect({ namespace: "/" });

/** Creates a script as `owner`, lets `act` run, then removes it whatever happened. */
async function withScript<T>(ctx: Ctx, login: Login, act: (path: string) => Promise<T>): Promise<T> {
  const owner = await signIn(ctx, login);
  const path = freshScriptPath();
  await createFixtureScript(ctx, owner, path);
  try {
    return await act(path);
  } finally {
    await removeScripts(ctx, owner, [path]);
  }
}

export const unauthenticatedChecks: readonly NeoCheck[] = [
  unauthenticated("status-withheld", "does not give the status to a socket that has not authenticated", async (ctx) => {
    const leak = await withheld(ctx, await stranger(ctx), "NeoRuntime/status", [], statusLeak);
    return leak === undefined
      ? pass()
      : fail({ title: "an unauthenticated NeoRuntime/status gets no status", expected: "no status", actual: leak });
  }),
  unauthenticated(
    "list-withheld",
    "does not give the script list to a socket that has not authenticated",
    async (ctx) => {
      const leak = await withheld(ctx, await stranger(ctx), "NeoRuntime/Scripts/get", [], listLeak);
      return leak === undefined
        ? pass()
        : fail({ title: "an unauthenticated NeoRuntime/Scripts/get gets no list", expected: "no list", actual: leak });
    },
  ),
  unauthenticated(
    "create-no-effect",
    "ignores Script/Create from a socket that has not authenticated",
    async (ctx, login) => {
      const path = freshScriptPath();
      await (await stranger(ctx)).emitAck("NeoRuntime/Script/Create", [path], ctx.silenceMs);
      const owner = await signIn(ctx, login);
      const listing = await setUpStep(STEPS.list, () => listOf(ctx, owner));
      if (!lists(listing.local, path)) return pass();
      await removeScripts(ctx, owner, [path]);
      return fail({
        title: `an unauthenticated Script/Create creates nothing, but ${path} is listed`,
        expected: `${path} not listed`,
        actual: listing,
      });
    },
  ),
  unauthenticated("delete-no-effect", "ignores Script/Delete from a socket that has not authenticated", (ctx, login) =>
    withScript(ctx, login, async (path) => {
      await (await stranger(ctx)).emitAck("NeoRuntime/Script/Delete", [path], ctx.silenceMs);
      const owner = await signIn(ctx, login);
      const listing = await setUpStep(STEPS.list, () => listOf(ctx, owner));
      return lists(listing.local, path)
        ? pass()
        : fail({
            title: `an unauthenticated Script/Delete deletes nothing, but ${path} is no longer listed`,
            expected: `${path} listed`,
            actual: listing,
          });
    }),
  ),
  unauthenticated("select-no-effect", "ignores Script/Select from a socket that has not authenticated", (ctx, login) =>
    withScript(ctx, login, async (path) => {
      await (await stranger(ctx)).emitAck("NeoRuntime/Script/Select", [path], ctx.silenceMs);
      const owner = await signIn(ctx, login);
      const status = await setUpStep(STEPS.roundTrip, () => statusOf(ctx, owner));
      return isCurrent(status.currentScript, path)
        ? fail({
            title: "an unauthenticated Script/Select selects nothing",
            expected: `current script not ${path}`,
            actual: status,
          })
        : pass();
    }),
  ),
  unauthenticated(
    "never-answered",
    "never acks an action or ::join from a socket that has not authenticated (REAL-SERVERS.md)",
    async (ctx) => {
      const client = await stranger(ctx);
      const path = freshScriptPath();
      const sent: [string, unknown[]][] = [
        ["NeoRuntime/status", []],
        ["NeoRuntime/Scripts/get", []],
        ["NeoRuntime/Script/Create", [path]],
        ["NeoRuntime/Script/Delete", [path]],
        ["NeoRuntime/Script/Select", [path]],
        ...namedEvents(ctx.fixtures).map(([, name]): [string, unknown[]] => [`${name}::join`, []]),
      ];
      const replies = await Promise.all(sent.map(([e, args]) => client.emitAck(e, args, ctx.silenceMs)));
      const answered = sent.flatMap(([e], i) => {
        const r = replies[i];
        return r?.kind === "event" ? [{ event: e, ack: r.args }] : [];
      });
      return answered.length === 0
        ? pass()
        : fail({ title: "unauthenticated actions get no ack", expected: "no ack", actual: answered });
    },
    "REAL-SERVERS: unauthenticated actions are never answered (D5)",
  ),
];
