import { writingRequest } from "../../protocols/circles-chat/index.js";
import { arbitraryOf, fail, Mismatch, pass, runProperty, skip } from "../index.js";
import { conversationEmitChecks } from "./conversation-emit-checks.js";
import { enterConversation } from "./conversation-room.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { writingProblems } from "./payloads.js";
import { barrier, drain } from "./session.js";

export const isWriting = arbitraryOf(writingRequest.shape.is_writing);

const writingEmit = conversationEmitChecks({
  event: "writing",
  pushed: "writing",
  request: writingRequest,
  payload: (conversation_id) => ({ conversation_id, is_writing: true }),
  everyField: (conversation_id) => ({ conversation_id, is_writing: true }),
});

export const writingChecks: readonly ChatCheck[] = [
  writingEmit.answeredOnSuccess,
  {
    id: "circles-chat.writing.others-receive",
    level: "must",
    doc: doc("messageEvents", QUOTES.writingRow),
    title:
      "pushes a user's writing {conversation_id, device: false, user, is_writing} to the other members in the room only",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2, usersOnly: true, outsider: true });
      const found = room.ok ? room : await enterConversation(ctx, { members: 2, usersOnly: true });
      if (!found.ok) return skip(found.reason);
      const { id: conversation_id, members, outsider } = found.value;
      const [writer, ...others] = members;
      if (writer === undefined) return skip("needs two users");
      const email = writer.identity.email;
      return runProperty(ctx, isWriting, async (is_writing) => {
        writer.client.emit("writing", { conversation_id, is_writing });
        const want = { conversation_id, is_writing, device: false, ...(email === undefined ? {} : { email }) };
        for (const other of others) {
          const got = await other.client.next("writing");
          const problems = got.kind === "event" ? writingProblems(got.args[0], want) : ["no writing pushed"];
          if (problems.length > 0)
            throw new Mismatch({
              title: `${other.identity.name} receives writing: ${problems.join("; ")}`,
              expected: want,
              actual: got.kind === "event" ? { writing: got.args[0] } : "nothing on writing",
            });
        }
        if (outsider === undefined) return;
        await barrier(ctx, outsider.client);
        const leaked = await drain(outsider.client, "writing");
        if (leaked.length > 0)
          throw new Mismatch({
            title: `the non-member ${outsider.identity.name} receives writing`,
            expected: "nothing",
            actual: leaked,
          });
      });
    },
  },
  {
    id: "circles-chat.writing.device",
    level: "must",
    doc: doc("messageEvents", QUOTES.writingRow),
    title: "pushes a device's writing as {conversation_id, device: true, is_writing}",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2, device: true });
      if (!room.ok) return skip(room.reason);
      const [device, other] = room.value.members;
      if (device === undefined || other === undefined) return skip("needs a device and another member");
      device.client.emit("writing", { conversation_id: room.value.id, is_writing: true });
      const got = await other.client.next("writing");
      const want = { conversation_id: room.value.id, is_writing: true, device: true };
      const problems = got.kind === "event" ? writingProblems(got.args[0], want) : ["no writing pushed"];
      return problems.length === 0
        ? pass()
        : fail({
            title: `a device's writing: ${problems.join("; ")}`,
            expected: want,
            actual: got.kind === "event" ? { writing: got.args[0] } : "nothing on writing",
          });
    },
  },
  writingEmit.neverReachesNonMember,
  writingEmit.malformedRefused,
];
