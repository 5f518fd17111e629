import type { SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import { createdIdOf } from "./documented.js";
import { ask, EXAMPLE_REQUEST, newRequestId } from "./session.js";

/**
 * What the suite does to make a server log: documented requests only, since nestmtx.md says "all logs" go to `log`
 * but not what is logged. A request (the real server logs each one), a request it must refuse (an error is worth a
 * line on most servers), and a user created and deleted again (the reference server logs user changes, D16). The
 * user's fields are the real server's (the document names none); a server that refuses them has still been asked.
 */
export const PROVOKING_ACTIONS = "the example request, a request for an unknown module, and a user created and deleted";

export async function provokeLog(ctx: Ctx, client: SioClient): Promise<void> {
  await ask(ctx, client, EXAMPLE_REQUEST);
  await ask(ctx, client, { command: "list", module: "volley-no-such-module" });
  const username = newRequestId().replace(/[^A-Za-z0-9-]/g, "-");
  const created = await ask(ctx, client, {
    command: "create",
    module: "users",
    payload: { username, password: "volley-provoke-log" },
  });
  const id = created.kind === "answer" ? createdIdOf(created.value) : undefined;
  if (id !== undefined) await ask(ctx, client, { command: "delete", module: "users", entity: id });
}
