import { documentedMessageDone, documentedMessagePending } from "./documented.js";
import type { EntityId } from "./fixtures.js";

/**
 * What a check may require of a pushed payload: the keys the document's tables name (documented.ts), never the
 * reference server's fields of `getSimpleContent()` (DECISIONS.md D7).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface MessageExpectation {
  readonly conversation_id: EntityId;
  readonly status: "done" | "pending";
  readonly content?: string;
}

/** Whether `text` is a string somewhere in `value` (the document does not say where getSimpleContent() keeps it). */
export function holdsText(value: unknown, text: string, depth = 0): boolean {
  if (value === text) return true;
  if (typeof value !== "object" || value === null || depth > 8) return false;
  return Object.values(value).some((v) => holdsText(v, text, depth + 1));
}

/** circles-chat.md § Messages Events, "message sent to a conversation": what is wrong with `push`, if anything. */
export function messageProblems(push: unknown, want: MessageExpectation): string[] {
  const shape = (want.status === "done" ? documentedMessageDone : documentedMessagePending).safeParse(push);
  if (!shape.success) return shape.error.issues.map((i) => `${i.path.join(".") || "the payload"}: ${i.message}`);
  const problems: string[] = [];
  if (shape.data.conversation_id !== want.conversation_id)
    problems.push(`conversation_id is not ${want.conversation_id}`);
  if (want.content !== undefined && !holdsText(shape.data.message, want.content))
    problems.push("message does not hold the text sent");
  return problems;
}

/** The id of a pushed message, where the reference server keeps it (`message.id`, DECISIONS.md D7), if there. */
export const pushedMessageId = (push: unknown): unknown =>
  isObject(push) && isObject(push.message) ? push.message.id : undefined;

/** circles-chat.md § Messages Events, "user write". */
export function writingProblems(
  push: unknown,
  want: { conversation_id: EntityId; is_writing: boolean; device: boolean; email?: string },
): string[] {
  if (!isObject(push)) return ["the payload is not an object"];
  const problems: string[] = [];
  if (push.conversation_id !== want.conversation_id) problems.push(`conversation_id is not ${want.conversation_id}`);
  if (push.is_writing !== want.is_writing) problems.push(`is_writing is not ${want.is_writing}`);
  if (push.device !== want.device) problems.push(`device is not ${want.device}`);
  if (!want.device && typeof push.user !== "string") problems.push("user is not a string");
  if (!want.device && want.email !== undefined && push.user !== want.email) problems.push(`user is not ${want.email}`);
  return problems;
}

/** circles-chat.md § Events Webrtc, "Message sent from another user": `{sender_id, is_device, content}`. */
export function forwardProblems(
  push: unknown,
  want: { content: Record<string, unknown>; is_device: boolean; sender_id?: EntityId },
): string[] {
  if (!isObject(push)) return ["the payload is not an object"];
  const problems: string[] = [];
  if (want.sender_id !== undefined && push.sender_id !== want.sender_id)
    problems.push(`sender_id is not ${want.sender_id}`);
  if (!("sender_id" in push)) problems.push('no "sender_id"');
  if (push.is_device !== want.is_device) problems.push(`is_device is not ${want.is_device}`);
  const content = push.content;
  if (!isObject(content)) problems.push("content is not the JSON sent");
  else
    for (const [k, v] of Object.entries(want.content))
      if (JSON.stringify(content[k]) !== JSON.stringify(v)) problems.push(`content.${k} is not what was sent`);
  return problems;
}

/** True for a forward push (as opposed to a STUN/TURN list or credentials on `webrtc_config`). */
export const isForward = (v: unknown): boolean => isObject(v) && "sender_id" in v && "content" in v;

/** The keys of `want` that `push` lacks or holds another value for (tables whose JSON the document spells out). */
export function fieldProblems(push: unknown, want: Readonly<Record<string, unknown>>): string[] {
  if (!isObject(push)) return ["the payload is not an object"];
  return Object.entries(want)
    .filter(([k, v]) => JSON.stringify(push[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k} is not ${JSON.stringify(v)}`);
}
