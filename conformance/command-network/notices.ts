import { z } from "zod";
import { Mismatch, type SioClient } from "../index.js";
import { documentedId } from "./documented.js";
import { nextMatching } from "./next-matching.js";

/** REAL-SERVERS.md: `client_disconnect {name, id}`; extra keys allowed, the id of any documented type. */
const notice = z.looseObject({ name: z.string(), id: documentedId });

/** The next `client_disconnect` about `name`, skipping notices about other clients; undefined after `ms`. */
export function nextNotice(client: SioClient, name: string, ms: number) {
  return nextMatching(client, "client_disconnect", ms, (arg) => {
    const parsed = notice.safeParse(arg);
    if (!parsed.success) {
      throw new Mismatch({
        title: "client_disconnect does not carry {name, id}",
        expected: { name, id: "…" },
        actual: arg,
      });
    }
    return parsed.data.name === name ? parsed.data : undefined;
  });
}
