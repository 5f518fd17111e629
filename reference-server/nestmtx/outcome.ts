import type { ErrorDetail, NestmtxErrorCode } from "../../protocols/nestmtx/index.js";

/** What a module command comes to: the value to answer bare, or an error code with what was wrong. */
export type Outcome = { readonly ok: true; readonly value: unknown } | Failure;
export interface Failure {
  readonly ok: false;
  readonly code: NestmtxErrorCode;
  readonly details: readonly ErrorDetail[];
}

export const ok = (value: unknown): Outcome => ({ ok: true, value });
export const fail = (code: NestmtxErrorCode, details: readonly ErrorDetail[] = []): Failure => ({
  ok: false,
  code,
  details,
});

interface Issue {
  readonly message: string;
  readonly path: readonly PropertyKey[];
  readonly code: string;
}

/** Zod issues in the real server's Joi detail shape (`message`, dotted `path`, `type`). */
export function issueDetails(issues: readonly Issue[]): ErrorDetail[] {
  return issues.map((i) => ({ message: i.message, path: i.path.map(String).join("."), type: i.code }));
}
