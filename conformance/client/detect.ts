import type { SocketIoGeneration } from "../../protocols/protocol.js";

export type Detection =
  | { readonly ok: true; readonly version: SocketIoGeneration }
  | { readonly ok: false; readonly message: string };

/**
 * Which Socket.IO generation a server speaks, from its Engine.IO polling handshake at the default path.
 * A 4.x server answers EIO=4 with a bare open packet (`0{"sid":...}`). A 2.x server (Engine.IO 3) ignores the
 * version it is asked for and frames packets with their length (`96:0{"sid":...}`), so the first probe already
 * tells it apart; the EIO=3 probe covers servers that refuse EIO=4 outright. `b64=1` keeps Engine.IO 3 from
 * answering in its binary framing.
 */
export async function detectSocketIoVersion(baseUrl: string, timeoutMs: number): Promise<Detection> {
  const problems: string[] = [];
  for (const eio of [4, 3] as const) {
    const url = `${baseUrl}/socket.io/?EIO=${eio}&transport=polling&b64=1`;
    let text: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
      if (!res.ok) {
        problems.push(`EIO=${eio}: HTTP ${res.status} ${text.slice(0, 80)}`);
        continue;
      }
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      return { ok: false, message: `cannot reach ${baseUrl}: ${why}` };
    }
    if (/^\d+:0\{/.test(text)) return { ok: true, version: 2 };
    if (text.startsWith("0{")) return { ok: true, version: 4 };
    problems.push(`EIO=${eio}: unexpected handshake ${JSON.stringify(text.slice(0, 40))}`);
  }
  return { ok: false, message: `${baseUrl} does not look like a Socket.IO server (${problems.join("; ")})` };
}
