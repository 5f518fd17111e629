import { fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck } from "./doc.js";
import { namedEvents } from "./fixtures.js";
import {
  createScript,
  freshScriptPath,
  isCurrent,
  type Login,
  listOf,
  loginOf,
  NO_LOGIN,
  removeScripts,
  signIn,
  statusOf,
} from "./session.js";
import { listLeak, statusLeak, withheld } from "./withheld.js";

/**
 * neoruntime.md § Connect, step 3: only after `authenticateToken` are "all actions and events available to the
 * client". REAL-SERVERS.md: unauthenticated actions are never answered. DECISIONS.md D5 says which parts a `must`
 * may rely on: no data and no effect; "no ack at all" is `should`.
 */
function unauthenticated(
  id: string,
  title: string,
  run: (ctx: Ctx, login: Login) => Promise<Verdict>,
  level: "must" | "should" = "must",
): NeoCheck {
  return {
    id: `neoruntime.unauthenticated.${id}`,
    level,
    doc: doc("connect"),
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
  await createScript(ctx, owner, path);
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
      const listed = (await listOf(ctx, owner)).local.includes(path);
      if (!listed) return pass();
      await removeScripts(ctx, owner, [path]);
      return fail({
        title: "an unauthenticated Script/Create creates nothing",
        expected: `${path} not listed`,
        actual: `${path} listed`,
      });
    },
  ),
  unauthenticated("delete-no-effect", "ignores Script/Delete from a socket that has not authenticated", (ctx, login) =>
    withScript(ctx, login, async (path) => {
      await (await stranger(ctx)).emitAck("NeoRuntime/Script/Delete", [path], ctx.silenceMs);
      const listed = (await listOf(ctx, await signIn(ctx, login))).local.includes(path);
      return listed
        ? pass()
        : fail({
            title: "an unauthenticated Script/Delete deletes nothing",
            expected: `${path} listed`,
            actual: `${path} gone`,
          });
    }),
  ),
  unauthenticated("select-no-effect", "ignores Script/Select from a socket that has not authenticated", (ctx, login) =>
    withScript(ctx, login, async (path) => {
      await (await stranger(ctx)).emitAck("NeoRuntime/Script/Select", [path], ctx.silenceMs);
      const status = await statusOf(ctx, await signIn(ctx, login));
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
    "should",
  ),
];
