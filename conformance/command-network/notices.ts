import { clientDisconnectSchema } from "../../protocols/command-network/index.js";
import { Mismatch, type SioClient } from "../index.js";
import { nextMatching } from "./next-matching.js";

/** The next `client_disconnect` about `name`, skipping notices about other clients; undefined after `ms`. */
export function nextNotice(client: SioClient, name: string, ms: number) {
  return nextMatching(client, "client_disconnect", ms, (arg) => {
    const notice = clientDisconnectSchema.safeParse(arg);
    if (!notice.success) {
      throw new Mismatch({
        title: "client_disconnect does not carry {name, id}",
        expected: { name, id: "…" },
        actual: arg,
      });
    }
    return notice.data.name === name ? notice.data : undefined;
  });
}
