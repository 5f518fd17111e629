import { isDeepStrictEqual } from "node:util";
import type { SocketIoGeneration } from "../../protocols/protocol.js";
import type { Credentials } from "../check.js";
import { createClientFactory } from "../client/client-factory.js";
import { fixtureSecrets } from "../client/fixture-secrets.js";
import type { ConnectResult, Received, SioClient } from "../client/sio-client.js";
import { type Exchange, Transcript, unredact } from "../client/transcript.js";
import type { ReplayFile } from "./replay-file.js";

export interface ReplaySettings {
  readonly target: string;
  readonly sioVersion: SocketIoGeneration;
  readonly credentials: Credentials;
  /** The fixtures the run was given, to fill in the secrets masked in the recording (`fixtures.<path>`). */
  readonly fixtures?: unknown;
  readonly timeoutMs: number;
}

/** One recorded exchange next to what the target did this time; `live` is absent for the client's own actions. */
export interface ReplayStep {
  readonly recorded: Exchange;
  readonly matches: boolean;
  readonly live?: unknown;
}

export interface ReplayResult {
  readonly steps: readonly ReplayStep[];
  /** Index of the first step whose answer departs from the recording, if any. */
  readonly firstDeparture?: number;
}

/**
 * Re-sends a recorded transcript's connections and emits, in order, and compares each answer (connection result,
 * ack, received event, timeout) with the recording. Events are matched per client and event name, so events
 * interleaved differently across clients are not departures.
 */
export async function replay(
  file: ReplayFile,
  settings: ReplaySettings,
  onStep: (step: ReplayStep) => void = () => {},
): Promise<ReplayResult> {
  const secrets = { ...fixtureSecrets(settings.fixtures), ...settings.credentials };
  const controller = new AbortController();
  const clients = createClientFactory(settings.target, settings.sioVersion, {
    transcript: new Transcript(),
    timeoutMs: settings.timeoutMs,
    silenceMs: settings.timeoutMs,
    signal: controller.signal,
  });
  const connecting = new Map<string, Promise<ConnectResult>>();
  const live = new Map<string, SioClient>();
  const acks = new Map<string, Promise<Received>[]>();
  const steps: ReplayStep[] = [];
  const step = (recorded: Exchange, matches: boolean, liveValue?: unknown) => {
    const s: ReplayStep = liveValue === undefined ? { recorded, matches } : { recorded, matches, live: liveValue };
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
  try {
    for (const e of file.exchanges) {
      switch (e.kind) {
        case "connect": {
          const req = unredact(
            { namespace: e.namespace, auth: e.auth, query: e.query, headers: e.headers },
            secrets,
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
          const same = e.kind === "connected" ? r?.ok === true : r?.ok === false && r.reason === "refused";
          step(e, same, got);
          break;
        }
        case "emit": {
          const c = await clientOf(e.client);
          if (c === undefined) {
            step(e, false, "client not connected");
            break;
          }
          const args = unredact(e.args, secrets) as unknown[];
          if (e.ack) {
            const key = `${e.client} ${e.event}`;
            acks.set(key, [...(acks.get(key) ?? []), c.emitAck(e.event, args)]);
          } else c.emit(e.event, ...args);
          step(e, true);
          break;
        }
        case "ack": {
          const got = await acks.get(`${e.client} ${e.event}`)?.shift();
          step(
            e,
            got?.kind === "event" && same(got.args, unredact(e.args, secrets)),
            got?.kind === "event" ? got.args : "no ack",
          );
          break;
        }
        case "receive":
        case "disconnect": {
          const c = await clientOf(e.client);
          const got = await c?.next(e.kind === "receive" ? e.event : "disconnect");
          const expected = unredact(e.kind === "receive" ? e.args : [e.reason], secrets);
          step(e, got?.kind === "event" && same(got.args, expected), got?.kind === "event" ? got.args : "nothing");
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
            const got = await (await clientOf(e.client))?.next(e.waitingFor, e.ms);
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
  return firstDeparture < 0 ? { steps } : { steps, firstDeparture };
}

/** Compares through JSON, as the wire does: `undefined` fields and their absence are the same. */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a) ?? "null"), JSON.parse(JSON.stringify(b) ?? "null"));
}
