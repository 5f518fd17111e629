import type { SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import { type EntityId, isNoEntity } from "./documented.js";
import { type Answer, ask } from "./session.js";

/**
 * nestmtx.md names `entity` ("the specific entity you want to operate on") without its JSON type, and ids come back
 * as numbers or text: the real server answers `id: 5` but validates `entity` as a string ("5", DECISIONS.md D5),
 * another server may want the number it answered. So the suite finds, by reading, which form a server takes: the id
 * as answered, or swapped (a number as its digits, digits as a number), and addresses entities in that form.
 */
export type EntityForm = "as-answered" | "swapped";

/** `id` in `form`; an id with no other form (a UUID) stays as it is. */
export function inForm(id: EntityId, form: EntityForm): EntityId {
  if (form === "as-answered") return id;
  if (typeof id === "number") return String(id);
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

/** The distinct forms of `id`: as answered first. */
export const formsOf = (id: EntityId): { form: EntityForm; entity: EntityId }[] =>
  inForm(id, "swapped") === id
    ? [{ form: "as-answered", entity: id }]
    : [
        { form: "as-answered", entity: id },
        { form: "swapped", entity: inForm(id, "swapped") },
      ];

/** A read answered with the requested data: an answer that neither says error nor holds nothing. */
const isEntityAnswer = (a: Answer) => a.kind === "answer" && !isNoEntity(a.value);

export type FormFound =
  | { readonly ok: true; readonly form: EntityForm; readonly value: unknown }
  | { readonly ok: false; readonly answers: readonly { entity: EntityId; answer: unknown }[] };

/** Reads `id` of `module` in each form until one answers the entity; every answer when none does. */
export async function readInSomeForm(ctx: Ctx, client: SioClient, module: string, id: EntityId): Promise<FormFound> {
  const answers: { entity: EntityId; answer: unknown }[] = [];
  for (const { form, entity } of formsOf(id)) {
    const answer = await ask(ctx, client, { command: "read", module, entity });
    if (isEntityAnswer(answer) && answer.kind === "answer") return { ok: true, form, value: answer.value };
    answers.push({ entity, answer: answer.kind === "answer" ? answer.value : "no answer on the requestId event" });
  }
  return { ok: false, answers };
}
