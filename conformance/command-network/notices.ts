import { clientDisconnectSchema } from "../../protocols/command-network/index.js";
import { Mismatch, type SioClient } from "../index.js";

/** The next `client_disconnect` about `name`, skipping notices about other clients; undefined after `ms`. */
export async function nextNotice(client: SioClient, name: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await client.next("client_disconnect", Math.max(0, deadline - Date.now()));
    if (got.kind === "timeout") return undefined;
    const notice = clientDisconnectSchema.safeParse(got.args[0]);
    if (notice.success && notice.data.name === name) return notice.data;
    if (!notice.success) {
      throw new Mismatch({
        title: "client_disconnect does not carry {name, id}",
        expected: { name, id: "…" },
        actual: got.args[0],
      });
    }
  }
}
