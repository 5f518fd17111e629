import type { IncomingMessage, ServerResponse } from "node:http";
import { AUTH_HTTP_PATH, nestmtxErrors, publishSchema, SIMULATE_HTTP_PATH } from "../../protocols/nestmtx/index.js";
import type { HttpRoute } from "../api-module.js";
import { login } from "./modules/auth.js";
import { issueDetails } from "./outcome.js";
import type { NestmtxState } from "./state.js";
import type { Publisher } from "./topics.js";

type Body = { ok: true; value: unknown } | { ok: false; status: number; message: string };

async function readJson(req: IncomingMessage, maxBytes: number): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return { ok: false, status: 413, message: "body too large" };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") };
  } catch {
    return { ok: false, status: 400, message: "body is not JSON" };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const error = (message: string, details: unknown[] = []) => ({ error: { message, details, context: null } });

/**
 * `POST /api/auth {username, password}` → `{bearer, expiration, user}` (nestmtx.md § Obtaining a Token; the real
 * route is `/api/:module`, module `auth`), and `POST /api/simulate` (bearer required) → one status update.
 */
export function httpRoutes(
  state: NestmtxState,
  publisher: Publisher,
  maxBytes: number,
  countError: (code: string) => void,
): HttpRoute {
  const handle = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const body = await readJson(req, maxBytes);
    if (!body.ok) {
      countError("invalid_request");
      return send(res, body.status, error(nestmtxErrors.invalid_request, [{ message: body.message }]));
    }
    if (path === AUTH_HTTP_PATH) {
      const grant = login(state, body.value);
      if (grant.ok) return send(res, 200, grant.value);
      countError(grant.code);
      return send(
        res,
        grant.code === "invalid_credentials" ? 401 : 400,
        error(nestmtxErrors[grant.code], [...grant.details]),
      );
    }
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (state.tokens.verify(token) === undefined) {
      countError("unauthorized");
      return send(res, 401, error(nestmtxErrors.unauthorized));
    }
    const update = publishSchema.safeParse(body.value);
    if (!update.success) {
      countError("invalid_payload");
      return send(res, 400, error(nestmtxErrors.invalid_payload, issueDetails(update.error.issues)));
    }
    send(res, 202, publisher.emit(update.data));
  };
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "POST" || (path !== AUTH_HTTP_PATH && path !== SIMULATE_HTTP_PATH)) return false;
    void handle(req, res, path).catch(() => {
      if (!res.headersSent) send(res, 500, error("Internal Server Error"));
    });
    return true;
  };
}
