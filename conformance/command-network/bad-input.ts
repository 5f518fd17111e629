import { Mismatch, type Mutation, type SioClient } from "../index.js";
import { answerOf } from "./ack.js";
import { documentedAnswer, documentedIdAnswer } from "./documented.js";

/**
 * Sends one invalid payload and requires what any server owes: a failure ack or no ack at all, and it keeps
 * serving: `probe`, another registered connection, still gets its id afterwards. `crashNote` names a known
 * departure of the real server in the failure, when there is one.
 */
export async function answersBadInput(
  sender: SioClient,
  probe: SioClient,
  event: string,
  mutation: Mutation,
  crashNote = "",
): Promise<void> {
  const got = await sender.emitAck(event, [mutation.value]);
  // Any failure form documented.ts reads counts: the code and message a server picks for bad input are its own (D5).
  if (got.kind === "event" && documentedAnswer.safeParse(got.args[0]).data?.success !== false) {
    throw new Mismatch({
      title: `${event} with ${mutation.description} is not refused`,
      expected: "a failure ack ({success: false, ...}) or none",
      actual: answerOf(got.args),
    });
  }
  const still = await probe.emitAck("get_id", [{}]);
  if (still.kind === "timeout" || documentedIdAnswer.safeParse(still.args[0]).data?.success !== true) {
    throw new Mismatch({
      title: `the server stopped serving other clients after ${event} with ${mutation.description}${crashNote}`,
      expected: "another registered client's get_id still answered",
      actual: still.kind === "timeout" ? `no ack within ${still.ms} ms` : answerOf(still.args),
    });
  }
}
