import type { SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import { createdIdOf } from "./documented.js";
import { formsOf } from "./entity-forms.js";
import { ask, EXAMPLE_REQUEST, newRequestId } from "./session.js";

/**
 * What the suite does to make a server log: documented requests only, since nestmtx.md says "all logs" go to `log`
 * but not what is logged. A request (the real server logs each one), a request it must refuse (an error is worth a
 * line on most servers), and a user and credentials created and deleted again (the reference server logs user
 * changes, D16). Their fields are the real server's (the document names none); a server that refuses them has still
 * been asked.
 */
export const PROVOKING_ACTIONS =
  "the example request, a request for an unknown module, and a user and a credentials entity created and deleted";

/** Creates an entity with `payload` and deletes it again (when the create answered an id). */
async function createAndDelete(ctx: Ctx, client: SioClient, module: string, payload: object): Promise<void> {
  const created = await ask(ctx, client, { command: "create", module, payload });
  const id = created.kind === "answer" ? createdIdOf(created.value) : undefined;
  // In each form of the id (entity-forms.ts): the one the server does not take is answered with an error.
  if (id !== undefined)
    for (const { entity } of formsOf(id)) await ask(ctx, client, { command: "delete", module, entity });
}

export async function provokeLog(ctx: Ctx, client: SioClient): Promise<void> {
  await ask(ctx, client, EXAMPLE_REQUEST);
  await ask(ctx, client, { command: "list", module: "volley-no-such-module" });
  const unique = newRequestId().replace(/[^A-Za-z0-9-]/g, "-");
  await createAndDelete(ctx, client, "users", { username: unique, password: "volley-provoke-log" });
  await createAndDelete(ctx, client, "credentials", {
    description: unique,
    oauth_client_id: "volley-provoke-log",
    oauth_client_secret: "volley-provoke-log",
  });
}
