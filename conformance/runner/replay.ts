import type { TlsSettings } from "../../clients/tls.js";
import type { SocketIoGeneration } from "../../protocols/protocol.js";
import type { Credentials } from "../check.js";
import { createClientFactory } from "../client/client-factory.js";
import { fixtureSecrets } from "../client/fixture-secrets.js";
import type { ConnectResult, Received, SioClient } from "../client/sio-client.js";
import { type Exchange, Transcript, unredact } from "../client/transcript.js";
import type { ReplayFile } from "./replay-file.js";
import { ReplayValues } from "./replay-values.js";

export interface ReplaySettings {
  readonly target: string;
  readonly sioVersion: SocketIoGeneration;
  readonly credentials: Credentials;
  /** The fixtures the run was given, to fill in the secrets masked in the recording (`fixtures.<path>`). */
  readonly fixtures?: unknown;
  readonly timeoutMs: number;
  readonly tls?: TlsSettings;
}

/**
 * One recorded exchange next to what the target did this time; `live` is absent for the client's own actions.
 * `compared` is false for a push the failure does not rest on: a server may push what other traffic causes (NestMTX
 * `log` entries, presence), so such pushes are shown, not waited for.
 */
export interface ReplayStep {
  readonly recorded: Exchange;
  readonly matches: boolean;
  readonly compared: boolean;
  /** An exchange where the recorded failure showed (an answer equal to the failure's `actual`). */
  readonly failure?: boolean;
  readonly live?: unknown;
}

export interface ReplayResult {
  readonly steps: readonly ReplayStep[];
  /** Index of the first step whose answer departs from the recording, if any: no departure means reproduced. */
  readonly firstDeparture?: number;
  /** The steps where the recorded failure showed, when the recording holds the failure's `actual`; else empty. */
  readonly failureSteps: readonly number[];
}

/**
 * Re-sends a recorded failure's connections and emits, in order, with fresh names (see ReplayValues), and compares
 * each answer (connection result, ack, timeout) with the recording up to the exchange where the failure showed; the
 * replay stops there. That exchange must recur: a push is awaited among whatever else the client receives. The
 * failure is reproduced when every compared answer matches, so a faithful server departs and a faulty one, even a
 * long-running one that holds the recorded names, reproduces.
 */
export async function replay(
  file: ReplayFile,
  settings: ReplaySettings,
  onStep: (step: ReplayStep) => void = () => {},
): Promise<ReplayResult> {
  const secrets = { ...fixtureSecrets(settings.fixtures), ...settings.credentials };
  const values = new ReplayValues(file.exchanges, [settings.fixtures, settings.credentials]);
  const failureAt = failureExchanges(file);
  const last = failureAt.at(-1);
  const controller = new AbortController();
  const clients = createClientFactory(settings.target, settings.sioVersion, {
    transcript: new Transcript(),
    timeoutMs: settings.timeoutMs,
    silenceMs: settings.timeoutMs,
    signal: controller.signal,
    ...(settings.tls === undefined ? {} : { tls: settings.tls }),
  });
  const connecting = new Map<string, Promise<ConnectResult>>();
  const live = new Map<string, SioClient>();
  const acks = new Map<string, Promise<Received>[]>();
  const steps: ReplayStep[] = [];
  const step = (recorded: Exchange, matches: boolean, liveValue?: unknown, compared = true) => {
    const s: ReplayStep = {
      recorded,
      matches,
      compared,
      ...(failureAt.includes(steps.length) ? { failure: true } : {}),
      ...(liveValue === undefined ? {} : { live: liveValue }),
    };
    steps.push(s);
    onStep(s);
  };
  const clientOf = async (name: string) => {
    const pending = connecting.get(name);
    if (pending !== undefined && !live.has(name)) {
      const r = await pending;
      if (r.ok) live.set(name, r.client);
    }
    return live.get(name);
  };
  // An event name can be made up too: NestMTX answers on the request's own requestId.
  const fresh = (event: string) => values.send(event) as string;
  const exchanges = last === undefined ? file.exchanges : file.exchanges.slice(0, last + 1);
  try {
    for (const [i, e] of exchanges.entries()) {
      switch (e.kind) {
        case "connect": {
          const req = values.send(
            unredact({ namespace: e.namespace, auth: e.auth, query: e.query, headers: e.headers }, secrets),
          ) as Parameters<typeof clients.open>[0];
          connecting.set(e.client, clients.open(req));
          step(e, true);
          break;
        }
        case "connected":
        case "refused": {
          const r = await connecting.get(e.client);
          if (r?.ok) live.set(e.client, r.client);
          const got =
            r === undefined ? "no connect" : r.ok ? { kind: "connected" } : { kind: r.reason, message: r.message };
          const same =
            e.kind === "connected"
              ? r?.ok === true
              : r?.ok === false &&
                r.reason === "refused" &&
                (!failureAt.includes(i) || values.matches([e.message, e.data], [r.message, r.data], i));
          step(e, same, got);
          break;
        }
        case "emit": {
          const c = await clientOf(e.client);
          if (c === undefined) {
            step(e, false, "client not connected");
            break;
          }
          const args = values.send(unredact(e.args, secrets)) as unknown[];
          if (e.ack) {
            const key = `${e.client} ${e.event}`;
            acks.set(key, [...(acks.get(key) ?? []), c.emitAck(fresh(e.event), args)]);
          } else c.emit(fresh(e.event), ...args);
          step(e, true);
          break;
        }
        case "ack": {
          const got = await acks.get(`${e.client} ${e.event}`)?.shift();
          const answered = got?.kind === "event";
          step(e, answered && values.matches(unredact(e.args, secrets), got.args, i), answered ? got.args : "no ack");
          break;
        }
        case "receive":
        case "disconnect": {
          // Other pushes are not compared: they may come from what else happens on the server (simulated feeds,
          // log lines, other users). They are still waited for, up to the timeout: a push that follows an action
          // (circles-chat's `success` after authenticate) is what says the action is done before the next one.
          if (!failureAt.includes(i)) {
            const got = await (await clientOf(e.client))?.next(e.kind === "receive" ? fresh(e.event) : "disconnect");
            step(e, true, got?.kind === "event" ? got.args : "nothing", false);
            break;
          }
          const expected = unredact(e.kind === "receive" ? e.args : [e.reason], secrets);
          const got = await awaitMatching(
            await clientOf(e.client),
            e.kind === "receive" ? fresh(e.event) : "disconnect",
            (args) => values.matches(expected, args, i),
          );
          step(e, got.matched, got.last ?? "nothing");
          break;
        }
        case "timeout": {
          // The recording waited in vain: for an ack, for an event, or for a connection.
          const ackOf = e.waitingFor.match(/^ack of (.*)$/)?.[1];
          if (ackOf !== undefined) {
            const got = await acks.get(`${e.client} ${ackOf}`)?.shift();
            step(e, got?.kind !== "event", got?.kind === "event" ? got.args : "no ack");
          } else if (e.waitingFor.startsWith("connection")) {
            const r = await connecting.get(e.client);
            step(e, r?.ok === false && r.reason !== "refused", r?.ok ? "connected" : r?.reason);
          } else {
            // `a or b` from a wait on several events (nextOf).
            const events = e.waitingFor.split(" or ").map(fresh);
            const got = await (await clientOf(e.client))?.nextOf(events, e.ms);
            step(e, got?.kind !== "event", got?.kind === "event" ? got.args : "nothing");
          }
          break;
        }
        case "close":
          (await clientOf(e.client))?.close();
          step(e, true);
          break;
      }
    }
  } finally {
    controller.abort();
    clients.closeAll();
  }
  const firstDeparture = steps.findIndex((s) => !s.matches);
  return {
    steps,
    ...(firstDeparture < 0 ? {} : { firstDeparture }),
    failureSteps: failureAt,
  };
}

/**
 * The recorded exchanges that carried the failure's `actual` (an ack's or push's arguments, or its first one; a
 * refusal's message), or an object or array inside it (a check may report several pushes together, as
 * `[{event: payload}, ...]`): where the check saw the departure. All of them, since a broadcast gives several
 * clients the same arguments and only one of those deliveries may be the wrong one. None when `actual` is a
 * description ("no ack"), which then leaves every answer compared and no push.
 */
function failureExchanges(file: ReplayFile): number[] {
  const shown = new Set([JSON.stringify(file.failure.actual)]);
  const collect = (v: unknown) => {
    if (v === null || typeof v !== "object") return;
    shown.add(JSON.stringify(v));
    for (const x of Object.values(v)) collect(x);
  };
  collect(file.failure.actual);
  const carries = (v: unknown) => shown.has(JSON.stringify(v));
  return file.exchanges.flatMap((e, i) =>
    ((e.kind === "ack" || e.kind === "receive") && (carries(e.args) || carries(e.args[0]))) ||
    (e.kind === "refused" && (carries(e.message) || carries(e.data)))
      ? [i]
      : [],
  );
}

/** Consumes `event`s on `client` until one satisfies `fits` or the client's reply timeout passes with none. */
async function awaitMatching(
  client: SioClient | undefined,
  event: string,
  fits: (args: unknown[]) => boolean,
): Promise<{ matched: boolean; last?: unknown[] }> {
  if (client === undefined) return { matched: false };
  let last: unknown[] | undefined;
  for (;;) {
    const got = await client.next(event);
    if (got.kind !== "event") return last === undefined ? { matched: false } : { matched: false, last };
    if (fits(got.args)) return { matched: true, last: got.args };
    last = got.args;
  }
}
