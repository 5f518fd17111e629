import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { SocketIoGeneration } from "../protocols/protocol.js";
import { type TlsSettings, tlsClientOptions } from "./tls.js";

/** Why a target cannot be tested: each is a connection or usage problem (exit 2), never a check failure. */
export const PROBE_CODES = {
  "bad-url": "the target is not an http(s) URL",
  dns: "the target's host name does not resolve",
  refused: "nothing listens at the target's address",
  unreachable: "the connection failed or was cut before an HTTP answer",
  timeout: "no HTTP answer within the timeout",
  tls: "the TLS handshake failed",
  "not-socketio": "HTTP answered, but not with an Engine.IO handshake",
  "generation-mismatch": "the server does not speak the forced Socket.IO generation",
} as const;

export type ProbeCode = keyof typeof PROBE_CODES;

export type ProbeResult =
  | { readonly ok: true; readonly version: SocketIoGeneration }
  /** `message` is one line naming the cause; `tlsCode` is Node's code for a TLS failure (DEPTH_ZERO_SELF_SIGNED_CERT...). */
  | { readonly ok: false; readonly code: ProbeCode; readonly message: string; readonly tlsCode?: string };

export interface ProbeSettings {
  /** For each HTTP request; a probe makes at most two. */
  readonly timeoutMs: number;
  readonly tls?: TlsSettings;
  /** A forced generation is verified, and refused with `generation-mismatch` when the server speaks the other. */
  readonly sioVersion: SocketIoGeneration | "auto";
}

type Failure = Extract<ProbeResult, { ok: false }>;

/** One polling handshake's HTTP answer (body cut at BODY_LIMIT). */
interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A handshake packet is short; what a non-Socket.IO server sends is only quoted. */
const BODY_LIMIT = 512;

/**
 * Whether `url` answers as a Socket.IO server, and which generation, from its Engine.IO polling handshake at the
 * default path `/socket.io/`. A 4.x server answers EIO=4 with a bare open packet (`0{"sid":...}`) and refuses EIO=3
 * with HTTP 400 unless it allows EIO3. A 2.x server (Engine.IO 3) ignores the version it is asked for and frames
 * packets with their length (`97:0{"sid":...}`), so one request usually tells them apart. `b64=1` keeps Engine.IO 3
 * from answering in its binary framing. A forced generation is asked for first, so a 4.x server that also allows
 * EIO3 is accepted for `--sio-version 2`.
 */
export async function probeTarget(url: string, settings: ProbeSettings): Promise<ProbeResult> {
  const base = parseTarget(url);
  if (!base.ok) return base;
  const order = settings.sioVersion === 2 ? ([3, 4] as const) : ([4, 3] as const);
  const first = await handshake(base.url, order[0], settings);
  if ("code" in first) return first;
  let eio = engineIoOf(first);
  if (eio === undefined) {
    const second = await handshake(base.url, order[1], settings);
    if ("code" in second) return second;
    eio = engineIoOf(second);
  }
  if (eio === undefined) {
    return {
      ok: false,
      code: "not-socketio",
      message: `${base.url} is not a Socket.IO server: its Engine.IO handshake (GET /socket.io/?EIO=${order[0]}) got ${describe(first)}`,
    };
  }
  const version: SocketIoGeneration = eio === 3 ? 2 : 4;
  if (settings.sioVersion !== "auto" && version !== settings.sioVersion) {
    return {
      ok: false,
      code: "generation-mismatch",
      message: `--sio-version ${settings.sioVersion} does not fit: the server speaks Socket.IO ${version} (Engine.IO ${eio}${version === 4 ? " only" : ""}); drop --sio-version or use ${version}`,
    };
  }
  return { ok: true, version };
}

function parseTarget(url: string): { ok: true; url: string } | Failure {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.host === "") {
    return {
      ok: false,
      code: "bad-url",
      message: `${JSON.stringify(url)} is not an http(s) URL (e.g. http://127.0.0.1:7404)`,
    };
  }
  return { ok: true, url: url.replace(/\/+$/, "") };
}

/** 3 for a length-framed open packet (Engine.IO 3), 4 for a bare one, undefined for anything else. */
function engineIoOf(answer: HttpAnswer): 3 | 4 | undefined {
  if (answer.status !== 200) return undefined;
  if (/^\d+:0\{/.test(answer.body)) return 3;
  if (answer.body.startsWith("0{")) return 4;
  return undefined;
}

/** `HTTP 404 text/html`, with the start of the body when the status alone does not say it (a 200 or a 400). */
function describe(answer: HttpAnswer): string {
  const type = answer.contentType === "" ? "without content-type" : answer.contentType;
  const head = answer.body.replace(/\s+/g, " ").trim().slice(0, 60);
  return `HTTP ${answer.status} ${type}${head === "" ? "" : ` ${JSON.stringify(head)}`}`;
}

function handshake(base: string, eio: 3 | 4, settings: ProbeSettings): Promise<HttpAnswer | Failure> {
  const url = new URL(`${base}/socket.io/?EIO=${eio}&transport=polling&b64=1`);
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpAnswer | Failure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    // agent: false so that a probe leaves no kept-alive socket behind to hold the process or the server open.
    const req = request(url, { method: "GET", agent: false, ...tlsClientOptions(settings.tls ?? {}) });
    const timer = setTimeout(
      () =>
        settle({
          ok: false,
          code: "timeout",
          message: `no HTTP answer from ${base} within ${settings.timeoutMs} ms`,
        }),
      settings.timeoutMs,
    );
    req.on("error", (err) => settle(networkFailure(base, err as NodeJS.ErrnoException)));
    req.on("response", (res: IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      const done = () =>
        settle({
          status: res.statusCode ?? 0,
          contentType: (res.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "",
          body,
        });
      res.on("data", (chunk: string) => {
        body += chunk;
        if (body.length >= BODY_LIMIT) done();
      });
      res.on("end", done);
      res.on("error", (err) => settle(networkFailure(base, err as NodeJS.ErrnoException)));
    });
    req.end();
  });
}

/** OpenSSL's certificate verification codes, as Node reports them on the request's error. */
const UNTRUSTED = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
const OTHER_CERT = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", "CERT_REVOKED", "ERR_TLS_CERT_ALTNAME_INVALID"]);

function networkFailure(base: string, err: NodeJS.ErrnoException): Failure {
  const code = err.code ?? "";
  const host = new URL(base).host;
  if (code === "ECONNREFUSED") {
    return { ok: false, code: "refused", message: `cannot reach ${base}: connection refused (ECONNREFUSED)` };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL") {
    return { ok: false, code: "dns", message: `cannot resolve host ${new URL(base).hostname} of ${base} (${code})` };
  }
  if (UNTRUSTED.has(code)) {
    return {
      ok: false,
      code: "tls",
      tlsCode: code,
      message: `TLS to ${host} failed: ${code} (the certificate is not signed by a trusted CA); pass its CA with --ca <file>, or --insecure`,
    };
  }
  if (OTHER_CERT.has(code)) {
    return {
      ok: false,
      code: "tls",
      tlsCode: code,
      message: `TLS to ${host} failed: ${code} (${oneLine(err.message)}); --insecure skips certificate checks`,
    };
  }
  if (code === "EPROTO" || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) {
    return {
      ok: false,
      code: "tls",
      tlsCode: code,
      message: `TLS to ${host} failed: ${code} (${opensslReason(err.message)}); if the server speaks plain HTTP, use http://`,
    };
  }
  // A TLS server spoken to in plain HTTP hangs up without an answer.
  const hint = code === "ECONNRESET" && base.startsWith("http:") ? "; if the server speaks HTTPS, use https://" : "";
  return { ok: false, code: "unreachable", message: `cannot reach ${base}: ${code || oneLine(err.message)}${hint}` };
}

/** `wrong version number` out of OpenSSL's `...:SSL routines:ssl3_get_record:wrong version number:file:line:`. */
function opensslReason(text: string): string {
  return /SSL routines:[^:]*:([^:]+):/.exec(text)?.[1] ?? oneLine(text);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
