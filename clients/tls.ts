import { readFileSync } from "node:fs";

/** How a client trusts an HTTPS/WSS target: the server's CA (PEM contents), or no verification at all. */
export interface TlsSettings {
  /** PEM contents of the CA (or self-signed certificate) that signed the target's certificate. */
  readonly ca?: string;
  /** Accept any certificate: for a target whose certificate cannot be verified and is trusted anyway. */
  readonly insecure?: boolean;
}

/**
 * The TLS options node:https, socket.io-client 4 and socket.io-client 2 all take under the same names (engine.io-client
 * hands `ca` and `rejectUnauthorized` to the `ws` and node:https requests it makes in Node).
 */
export function tlsClientOptions(tls: TlsSettings): { ca?: string; rejectUnauthorized?: boolean } {
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.insecure === true ? { rejectUnauthorized: false } : {}),
  };
}

/** Reads `--ca <file>`: PEM text holding at least one certificate, or a one-line reason. */
export function readCaFile(
  path: string,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { ok: false, message: `cannot read CA file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    return { ok: false, message: `CA file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  }
  return { ok: true, value: text };
}
