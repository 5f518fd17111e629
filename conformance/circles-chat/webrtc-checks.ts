import { webrtcForwardRequest } from "../../protocols/circles-chat/index.js";
import { fail, pass, skip, type Verdict } from "../index.js";
import { refusesBadInput } from "./bad-input.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { documentedCredentials, serverList } from "./documented.js";
import { type CirclesChatFixtures, type Identity, identities } from "./fixtures.js";
import { forwardProblems, isForward } from "./payloads.js";
import { answerOf, anyOf, type Ctx, describeArrival, firstOf, signIn } from "./session.js";

/** A request on a channel without parameters, answered on `webrtc_config` with a payload `valid` accepts. */
function configCheck(
  behaviour: string,
  row: string,
  event: string,
  what: string,
  valid: (v: unknown) => boolean,
): ChatCheck {
  return {
    id: `circles-chat.webrtc.${behaviour}`,
    level: "must",
    doc: doc("webrtc", row),
    title: `answers ${event} on webrtc_config with ${what}`,
    run: async (ctx) => {
      const who = identities(ctx.fixtures)[0];
      if (who === undefined) return skip("no fixture user or device");
      const client = await signIn(ctx, who);
      client.emit(event);
      const got = await client.next("webrtc_config");
      if (got.kind === "event" && valid(got.args[0])) return pass();
      return fail({
        title: `the answer to ${event}`,
        expected: { webrtc_config: what },
        actual: got.kind === "event" ? { webrtc_config: got.args[0] } : "nothing on webrtc_config",
      });
    },
  };
}

const isServerList = (v: unknown) => serverList(v) !== undefined;

type DestinationKey = "user_id" | "email" | "device_id";

/** A sender and a destination the fixtures can name by `key`, plus a bystander when there is one. */
function forwardCast(f: CirclesChatFixtures, key: DestinationKey) {
  const all = identities(f);
  const destination = all.find((i) =>
    key === "email"
      ? i.email !== undefined
      : key === "device_id"
        ? i.device && i.id !== undefined
        : !i.device && i.id !== undefined,
  );
  const sender = all.find((i) => i !== destination);
  const bystander = all.find((i) => i !== destination && i !== sender);
  return { destination, sender, bystander };
}

const addressOf = (who: Identity, key: DestinationKey) => ({ [key]: key === "email" ? who.email : who.id });

/**
 * circles-chat.md § Listened Channels, webrtc_forward: the destination gets `{sender_id, is_device, content}` on
 * `webrtc_forward` (REAL-SERVERS.md) or `webrtc_config` (the document's table); either is accepted (DECISIONS.md D9).
 */
async function forward(ctx: Ctx, key: DestinationKey, watchBystander: boolean): Promise<Verdict> {
  const { destination, sender, bystander } = forwardCast(ctx.fixtures, key);
  if (destination === undefined || sender === undefined)
    return skip(`needs two fixture identities, one with ${key === "email" ? "an email" : `an id (${key})`}`);
  if (watchBystander && bystander === undefined) return skip("needs a third fixture identity");
  const to = await signIn(ctx, destination);
  const by = await signIn(ctx, sender);
  const watcher = watchBystander && bystander !== undefined ? await signIn(ctx, bystander) : undefined;
  const content = { ...addressOf(destination, key), type: "offer", sdp: "v=0 volley" };
  by.emit("webrtc_forward", content);
  const answer = await answerOf(ctx, by);
  if (answer.event !== "success")
    return fail({
      title: "the sender's answer to webrtc_forward",
      expected: 'an emit on "success"',
      actual: describeArrival(answer),
    });
  const got = await firstOf(to, ["webrtc_forward", "webrtc_config"], ctx.timeoutMs);
  const want = { content, is_device: sender.device, ...(sender.id === undefined ? {} : { sender_id: sender.id }) };
  const problems =
    got.event === "none" ? ["nothing on webrtc_forward or webrtc_config"] : forwardProblems(got.args[0], want);
  if (problems.length > 0)
    return fail({
      title: `the forward to ${destination.name} by ${key}: ${problems.join("; ")}`,
      expected: want,
      actual: describeArrival(got),
    });
  if (watcher === undefined) return pass();
  const leak = await anyOf(watcher, ["webrtc_forward", "webrtc_config"], ctx.silenceMs);
  return leak.event === "none"
    ? pass()
    : fail({
        title: `the bystander ${bystander?.name} received a forward meant for ${destination.name}`,
        expected: "nothing",
        actual: describeArrival(leak),
      });
}

const forwardCheck = (behaviour: string, title: string, key: DestinationKey, bystander = false): ChatCheck => ({
  id: `circles-chat.webrtc.${behaviour}`,
  level: "must",
  doc: doc("channels", QUOTES.forwardRow),
  title,
  run: (ctx) => forward(ctx, key, bystander),
});

export const webrtcChecks: readonly ChatCheck[] = [
  configCheck(
    "credentials",
    'Credentials for user connection to turn servers | webrtc_config | {"username": username, "password": password}',
    "webrtc_credentials",
    "{username, password}",
    (v) => documentedCredentials.safeParse(v).success,
  ),
  // A list of servers, bare or under one name (documented.ts), judged by domain and port (the ip may be empty).
  configCheck(
    "stun-info",
    "Stun servers config | webrtc_config |",
    "webrtc_stun_info",
    "a list of {domain, ip, port}",
    isServerList,
  ),
  configCheck(
    "turn-info",
    "Turn servers config | webrtc_config |",
    "webrtc_turn_info",
    "a list of {domain, ip, port}",
    isServerList,
  ),
  forwardCheck("forward-by-user-id", "forwards a message to the user named by user_id", "user_id"),
  forwardCheck("forward-by-email", "forwards a message to the user named by email", "email"),
  forwardCheck("forward-by-device-id", "forwards a message to the device named by device_id", "device_id"),
  forwardCheck(
    "forward-only-destination",
    "forwards to the destination only, not to another connected client",
    "user_id",
    true,
  ),
  {
    id: "circles-chat.webrtc.forward-on-webrtc-config",
    level: "must",
    doc: doc("webrtc", QUOTES.forwardEvent),
    title: "delivers a forward on webrtc_config, the channel § Events Webrtc lists for a message from another user",
    run: async (ctx) => {
      const key = (["user_id", "email", "device_id"] as const).find((k) => forwardCast(ctx.fixtures, k).sender);
      const { destination, sender } = key === undefined ? {} : forwardCast(ctx.fixtures, key);
      if (key === undefined || destination === undefined || sender === undefined)
        return skip("needs two fixture identities, one with an id or an email");
      const to = await signIn(ctx, destination);
      const by = await signIn(ctx, sender);
      by.emit("webrtc_forward", { ...addressOf(destination, key), type: "offer" });
      const got = await to.next("webrtc_config");
      if (got.kind === "event" && isForward(got.args[0])) return pass();
      // REAL-SERVERS.md: the real server emits it on webrtc_forward; the document wins (DECISIONS.md D9).
      const elsewhere = await to.silence("webrtc_forward", 0);
      return fail({
        title:
          elsewhere.kind === "event"
            ? "the forward came on webrtc_forward only (as the real Neo server sends it), not on webrtc_config as the document lists it"
            : "no forward on webrtc_config",
        expected: {
          webrtc_config: { sender_id: sender.id ?? "<id>", is_device: sender.device, content: "<the request>" },
        },
        actual: got.kind === "event" ? { webrtc_config: got.args[0] } : "nothing on webrtc_config",
      });
    },
  },
  {
    id: "circles-chat.webrtc.forward-unknown-destination",
    level: "should",
    doc: doc("channels", QUOTES.answered, 'D10: an unknown destination answers "error"'),
    title: 'answers a forward to an unknown destination on "error"',
    run: async (ctx) => {
      const who = identities(ctx.fixtures)[0];
      if (who === undefined) return skip("no fixture user or device");
      const client = await signIn(ctx, who);
      client.emit("webrtc_forward", { email: ctx.fixtures.unknownEmail, type: "offer" });
      const got = await answerOf(ctx, client);
      return got.event === "error"
        ? pass()
        : fail({ title: "a forward to nobody", expected: 'an emit on "error"', actual: describeArrival(got) });
    },
  },
  {
    id: "circles-chat.webrtc.forward-bad-input",
    level: "should",
    hostile: true,
    doc: doc("channels", QUOTES.forwardRow, "D9, D10: a request naming no usable destination answers error"),
    title: 'answers a forward without a usable destination on "error"',
    run: async (ctx) => {
      const who = identities(ctx.fixtures)[0];
      if (who === undefined) return skip("no fixture user or device");
      return refusesBadInput(ctx, () => signIn(ctx, who), "webrtc_forward", webrtcForwardRequest, {
        user_id: 1,
        type: "offer",
      });
    },
  },
];
