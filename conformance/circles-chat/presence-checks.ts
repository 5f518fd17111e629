import { skip } from "../index.js";
import { expectPush, ROWS, watchCircle } from "./circle-event-checks.js";
import { type ChatCheck, doc } from "./doc.js";
import { findScene } from "./fixtures.js";
import { signIn } from "./session.js";

/**
 * § Circle Events "user from circle connect/disconnect", "device connect/disconnect": the document gives the
 * payloads, not the moment; DECISIONS.md D13 (authenticate, disconnect) makes these `should`.
 */
function presence(kind: "user" | "device", event: "connect" | "disconnect"): ChatCheck {
  return {
    id: `circles-chat.circle-events.${kind}-${event}`,
    level: "should",
    doc: doc(
      "circleEvents",
      ROWS[`${kind}${event === "connect" ? "Connect" : "Disconnect"}`],
      "D13: presence is pushed when a socket authenticates and when it disconnects",
    ),
    title: `pushes the ${kind}'s ${event} to the rooms of its circles`,
    run: async (ctx) => {
      const found = findScene(ctx.fixtures, "circles", { members: 2, device: kind === "device" });
      if (!found.ok) return skip(found.reason);
      const { id: circle_id, members } = found.value;
      // Users come first, so with `device` the mover is the device and the watcher a user (or another device).
      const mover = kind === "device" ? members[0] : members.find((m) => !m.device);
      const watcher = members.find((m) => m !== mover);
      if (mover === undefined || watcher === undefined || mover.device !== (kind === "device"))
        return skip(`no fixture circle with a ${kind} member and another member`);
      if (kind === "device" && mover.id === undefined) return skip("the device has no id in the fixtures");
      const watching = await watchCircle(ctx, circle_id, watcher);
      const moving = await signIn(ctx, mover);
      if (event === "disconnect") moving.close();
      const want =
        kind === "device"
          ? { event: "device", type: event, device_id: mover.id, circle_id }
          : { event, ...(mover.email === undefined ? {} : { user: mover.email }), circle_id };
      return expectPush(ctx, watching, "circle", want, `the ${event} of ${mover.name} seen by ${watcher.name}`);
    },
  };
}

export const presenceChecks: readonly ChatCheck[] = [
  presence("user", "connect"),
  presence("user", "disconnect"),
  presence("device", "connect"),
  presence("device", "disconnect"),
];
