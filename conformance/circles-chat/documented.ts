import { z } from "zod";
import { entityIdSchema } from "./fixtures.js";

/**
 * What circles-chat.md guarantees of the payloads it spells out, and no more. The protocol's schemas
 * (protocols/circles-chat/) describe the reference server's richer answers (the fields of `getSimpleContent()`,
 * integer ids, ISO times: DECISIONS.md D2, D7, D17, D18); a check that judged by them would fail a server that made
 * other choices where the document is silent. Here a key the document names must be present (with the value the
 * document gives, where it gives one); its value is otherwise free, and extra keys are allowed.
 */
const present = z.unknown().nonoptional();

/** § Events Webrtc, "Credentials for user connection to turn servers": `{"username": username, "password": password}`. */
export const documentedCredentials = z.looseObject({ username: present, password: present });

/** § Events Webrtc, STUN and TURN rows: `[{"domain": ..., "ip": "", "port": 3478}]` (the ip may be left empty, or out). */
const documentedServer = z.looseObject({ domain: present, port: present });
const serverArray = z.array(documentedServer);

/**
 * The table shows `STUN = [...]`: the list itself, or an object holding it under the name the table gives it (or
 * any one name). Both readings are allowed.
 */
export function serverList(v: unknown): readonly unknown[] | undefined {
  const bare = serverArray.safeParse(v);
  if (bare.success) return bare.data;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const values = Object.values(v);
  const held = values.length === 1 ? serverArray.safeParse(values[0]) : undefined;
  return held?.success ? held.data : undefined;
}

/** § Messages Events, "message sent to a conversation", the first form (status done). */
export const documentedMessageDone = z.looseObject({
  conversation_id: present,
  message: present,
  time: present,
  sender: present,
  media_list: present,
  status: z.literal("done"),
});

/** ... and the second form, `{'conversation_id': conv.id, 'message': ..., 'status': 'pending'}`. */
export const documentedMessagePending = z.looseObject({
  conversation_id: present,
  message: present,
  status: z.literal("pending"),
});

/** § Medias Events: `{'media_list': media_list, 'message_id': message.id}`; a message with files has media. */
export const documentedMedia = z.looseObject({
  media_list: z.array(z.unknown()).min(1),
  message_id: entityIdSchema,
});
