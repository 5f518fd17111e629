import { z } from "zod";
import { Mismatch, type Mutation, type SioClient } from "../index.js";
import { answerOf } from "./ack.js";
import { documentedIdAnswer } from "./documented.js";

/** Any failure ack: the code and message a server picks for bad input are its own (DECISIONS.md D5). */
const refusal = z.looseObject({ success: z.literal(false) });

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
  if (got.kind === "event" && !refusal.safeParse(got.args[0]).success) {
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
