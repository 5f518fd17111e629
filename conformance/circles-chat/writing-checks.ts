import { writingRequest } from "../../protocols/circles-chat/index.js";
import { arbitraryOf, fail, Mismatch, pass, runProperty, skip } from "../index.js";
import { refusesBadInput } from "./bad-input.js";
import { enterConversation } from "./conversation-room.js";
import { type ChatCheck, doc } from "./doc.js";
import { entityIdSchema, findScene } from "./fixtures.js";
import { writingProblems } from "./payloads.js";
import { answerOf, barrier, describeArrival, drain, signIn } from "./session.js";

export const isWriting = arbitraryOf(writingRequest.shape.is_writing);

export const writingChecks: readonly ChatCheck[] = [
  {
    id: "circles-chat.writing.success",
    level: "must",
    doc: doc("channels"),
    title: 'answers a member\'s writing on "success"',
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 1 });
      if (!room.ok) return skip(room.reason);
      const [writer] = room.value.members;
      if (writer === undefined) return skip("needs a member");
      writer.client.emit("writing", { conversation_id: room.value.id, is_writing: true });
      const got = await answerOf(ctx, writer.client);
      return got.event === "success"
        ? pass()
        : fail({ title: "the answer to writing", expected: 'an emit on "success"', actual: describeArrival(got) });
    },
  },
  {
    id: "circles-chat.writing.others-receive",
    level: "must",
    doc: doc("messageEvents"),
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
            throw new Mismatch({ title: `${other.identity.name} receives writing`, expected: want, actual: problems });
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
    doc: doc("messageEvents"),
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
      return problems.length === 0 ? pass() : fail({ title: "a device's writing", expected: want, actual: problems });
    },
  },
  {
    id: "circles-chat.writing.non-member-never-receives",
    level: "must",
    doc: doc("messageEvents"),
    title: "never pushes a conversation's writing to a non-member, even one that asked to join",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 1, outsider: true });
      if (!room.ok) return skip(room.reason);
      const { id: conversation_id, members, outsider } = room.value;
      if (outsider === undefined || members[0] === undefined) return skip("needs a member and a non-member");
      outsider.client.emit("join_conversation", { conversation_id });
      await answerOf(ctx, outsider.client);
      members[0].client.emit("writing", { conversation_id, is_writing: true });
      const leak = await outsider.client.silence("writing");
      return leak.kind === "silent"
        ? pass()
        : fail({
            title: `the non-member ${outsider.identity.name} received writing`,
            expected: "nothing",
            actual: leak.args[0],
          });
    },
  },
  {
    id: "circles-chat.writing.bad-input",
    level: "should",
    doc: doc("channels"),
    title: 'answers malformed writing on "error"',
    run: async (ctx) => {
      const found = findScene(ctx.fixtures, "conversations", { members: 1 });
      const member = found.ok ? found.value.members[0] : undefined;
      if (!found.ok || member === undefined) return skip(found.ok ? "needs a member" : found.reason);
      // The fixture's conversation id is valid whatever its format (D2 is the reference server's choice).
      const schema = writingRequest.extend({ conversation_id: entityIdSchema });
      return refusesBadInput(ctx, () => signIn(ctx, member), "writing", schema, {
        conversation_id: found.value.id,
        is_writing: true,
      });
    },
  },
];
