import { Mismatch, pass } from "../../index.js";
import { act, expectSuccess } from "../ack.js";
import type { NetCheck } from "../check-type.js";
import { also, doc, said } from "../doc.js";
import { clientEntryOf, documentedClientsAnswer } from "../documented.js";
import { joinAll, ownIdOf } from "../join.js";
import { freshNames } from "../names.js";
import { nextNotice } from "../notices.js";
import { untilDisconnected } from "../until-disconnected.js";

export const disconnectChecks: NetCheck[] = [
  {
    id: "command-network.disconnect.notice",
    level: "should",
    doc: doc("Theory", said.disconnect, also.notice),
    title:
      "tells the other registered clients client_disconnect {name, id} when a registered client's connection closes",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [stays, leaves] = await joinAll(ctx.clients, names, ["stays", "leaves"]);
      const id = await ownIdOf(leaves);
      leaves.close();
      const notice = await nextNotice(stays, names("leaves"), ctx.timeoutMs);
      if (notice?.id !== id) {
        throw new Mismatch({
          title: "no client_disconnect with the closed client's name and id",
          expected: { name: names("leaves"), id },
          actual: notice ?? `nothing within ${ctx.timeoutMs} ms`,
        });
      }
      return pass();
    },
  },
  {
    id: "command-network.disconnect.keeps-registration",
    level: "must",
    doc: doc("Theory", said.disconnect),
    title: "a soft disconnect keeps the client in get_clients, connected: false, with the same id",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [observer, leaves] = await joinAll(ctx.clients, names, ["observer", "leaves"]);
      const id = await ownIdOf(leaves);
      leaves.close();
      await untilDisconnected(observer, names("leaves"), ctx.timeoutMs);
      const list = await act(observer, "get_clients", [], documentedClientsAnswer);
      expectSuccess(list, "get_clients");
      if (clientEntryOf(list, names("leaves"))?.id !== id) {
        throw new Mismatch({
          title: "a soft-disconnected client is listed with another id",
          expected: { clients: { [names("leaves")]: { id, connected: false } } },
          actual: list,
        });
      }
      return pass();
    },
  },
];
