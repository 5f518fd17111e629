import { Mismatch, type SioClient } from "../../index.js";
import { documentedUpdate } from "../documented.js";
import { PUSH_EVENTS } from "../pushes.js";
import { barrier } from "../session.js";
import { expectNoStrayAnswers, type NestmtxReal } from "./model.js";

/**
 * The status updates (not `log`) a client received since all clients had joined, as `topic payload` strings of the
 * documented properties only: a server may stamp each socket's copy with its own time (extra properties are free).
 */
function updatesAt(real: NestmtxReal, client: SioClient): Set<string> {
  return new Set(
    real.ctx.transcript
      .since(real.pushMark)
      .flatMap((e) =>
        e.kind === "receive" && e.client === client.name && e.event !== "log" && PUSH_EVENTS.has(e.event)
          ? [`${e.event} ${JSON.stringify(documentedUpdate(e.args[0]))}`]
          : [],
      ),
  );
}

/** A topic names its update: `<domain>:<event>`, `<domain>:*` or `nestmtx:*` (nestmtx.md § Topic Format). */
function misnamed(entry: string): boolean {
  const space = entry.indexOf(" ");
  const topic = entry.slice(0, space);
  const { domain, event } = (JSON.parse(entry.slice(space + 1)) ?? {}) as { domain?: unknown; event?: unknown };
  return topic !== `${domain}:${event}` && topic !== `${domain}:*` && topic !== "nestmtx:*";
}

/**
 * The pushed-event half of the model: every status update one authenticated client got, every one got (nestmtx.md
 * § Getting Status Updates: updates "can be subscribed to", and socket.on is the only way the document gives), on a
 * topic that names it; and no answer reached a client that did not ask. What a tokenless socket is pushed is not
 * the model's business: only DECISIONS.md D7 says it gets nothing (nestmtx.auth.anonymous-gets-no-pushes, a should). Two rounds of barriers instead of a sleep: whatever any client had by
 * the end of the first round was emitted before the second began, so it has reached every client by the end of it.
 */
export async function expectFannedOut(real: NestmtxReal): Promise<void> {
  for (const c of real.clients) await barrier(real.ctx, c);
  const seen = new Set(real.clients.flatMap((c) => [...updatesAt(real, c)]));
  for (const c of real.clients) await barrier(real.ctx, c);
  expectNoStrayAnswers(real);
  const wrongTopic = [...seen].filter(misnamed);
  if (wrongTopic.length > 0)
    throw new Mismatch({
      title: "each status update arrives on a topic that names its domain and event",
      expected: "<domain>:<event>, <domain>:* or nestmtx:*",
      actual: wrongTopic,
    });
  for (const c of real.clients) {
    const got = updatesAt(real, c);
    const missed = [...seen].filter((u) => !got.has(u));
    if (missed.length > 0)
      throw new Mismatch({
        title: `every authenticated socket receives each status update (${c.name} missed some)`,
        expected: `${c.name} receives what the other authenticated sockets received`,
        actual: { missed },
      });
  }
}
