import { io } from "socket.io-client";
import { describe, expect, it, onTestFinished } from "vitest";
import { LOG_LEVELS, LOG_REPLAY_ENTRIES, logEntrySchema } from "../../../protocols/nestmtx/index.js";
import { next, REPLY_TIMEOUT_MS, silence } from "../../support/client.js";
import { ADMIN, ask, connectAs, startNestmtx } from "./session.js";

/**
 * Connects with a `log` listener attached before the handshake, so that no replayed entry can slip past, and waits
 * until `until(entries)` holds.
 */
async function connectCollecting(url: string, token: string, until: (entries: unknown[]) => boolean) {
  const entries: unknown[] = [];
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { token } });
  onTestFinished(() => {
    socket.close();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${entries.length} log entries`)), REPLY_TIMEOUT_MS);
    socket.on("log", (e: unknown) => {
      entries.push(e);
      if (until(entries)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { socket, entries };
}

describe("NestMTX log stream", () => {
  it("broadcasts new log entries in the document's shape to every authenticated socket", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    const entry = next(admin, "log");
    await ask(admin, { command: "create", module: "users", payload: { username: "dora", password: "dora-pass" } });
    const [payload] = await entry;
    const parsed = logEntrySchema.parse(payload);
    expect(parsed).toMatchObject({ level: LOG_LEVELS.info, msg: expect.stringContaining("created") });
    expect(new Date(parsed.timestamp).getTime()).toBe(parsed.time);
  });

  it("emits simulated lines at simulation.logLinesPerSecond with simulation.logLineBytes of text, levels 20..70", async () => {
    const url = await startNestmtx({ simulation: { logLinesPerSecond: 500, logLineBytes: 50, deployMs: 0 } });
    const entries = (await connectCollecting(url, ADMIN.token, (e) => e.length >= 30)).entries.map((e) =>
      logEntrySchema.parse(e),
    );
    const simulated = entries.filter((e) => e.service === "simulator");
    expect(simulated.length).toBeGreaterThan(20);
    for (const e of simulated) expect(e.msg).toHaveLength(50);
    expect(new Set(simulated.map((e) => e.level)).size).toBeGreaterThan(3);
  });

  it("replays exactly the last 100 entries, oldest first, to a socket when it connects", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    // One line at start, then one per user created: 121 lines, of which the last 100 are users 23..122.
    for (let i = 0; i < 120; i++) {
      await ask(admin, { command: "create", module: "users", payload: { username: `u${i}`, password: "123456" } });
    }
    const { socket, entries } = await connectCollecting(url, ADMIN.token, (e) => e.length >= LOG_REPLAY_ENTRIES);
    await silence(socket, "log");
    expect(entries).toHaveLength(LOG_REPLAY_ENTRIES);
    const msgs = entries.map((e) => logEntrySchema.parse(e).msg);
    expect(msgs[0]).toBe("User 23 created");
    expect(msgs.at(-1)).toBe("User 122 created");
  });

  it("replays the backlog even when no line is being written", async () => {
    const url = await startNestmtx();
    const { entries } = await connectCollecting(url, ADMIN.token, (e) => e.length >= 1);
    expect(logEntrySchema.parse(entries[0]).msg).toBe("NestMTX reference server started");
  });
});
