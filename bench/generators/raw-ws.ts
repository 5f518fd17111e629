// Contender (e), the floor: a bare `ws` client speaking Engine.IO 4 / Socket.IO 5 by hand, every frame encoded before
// the clock starts. Anything a real client library does costs more than this.
import WebSocket from "ws";
import { tellBench } from "../child.js";
import { dueAt, echoLoadFromArgs } from "./echo-load.js";

const load = echoLoadFromArgs();
const wsUrl = `${load.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;

/** Opens the WebSocket, answers the Engine.IO open packet with a namespace connect and resolves on its reply. */
function connectOne(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.on("error", reject);
    ws.on("message", (data) => {
      const frame = data.toString();
      if (frame === "2")
        ws.send("3"); // Engine.IO ping → pong
      else if (frame.startsWith("0"))
        ws.send("40"); // open → connect to "/"
      else if (frame.startsWith("40")) resolve(ws);
    });
  });
}

/**
 * Sends every socket's frames on the open schedule from one timer for all sockets (the cheapest schedule there
 * is: one wake-up per tick however many sockets) and resolves when every ack has come back.
 */
function runAll(sockets: readonly WebSocket[]): Promise<void> {
  const frames = Array.from({ length: load.perVu }, (_, id) => `42${id}["echo",${id}]`);
  const total = sockets.length * load.perVu;
  return new Promise((resolve) => {
    let done = 0;
    for (const ws of sockets) {
      ws.on("message", (data) => {
        // Acks are "43<id>[...]"; counting them is all the floor does.
        if ((data as Buffer)[1] !== 0x33) return;
        done += 1;
        if (done === total) resolve();
      });
    }
    let sent = 0;
    const start = performance.now();
    const tick = () => {
      while (sent < load.perVu && start + dueAt(load, sent) <= performance.now()) {
        for (const ws of sockets) ws.send(frames[sent] as string);
        sent += 1;
      }
      if (sent < load.perVu) setTimeout(tick, start + dueAt(load, sent) - performance.now());
    };
    tick();
  });
}

const sockets = await Promise.all(Array.from({ length: load.vus }, connectOne));
await runAll(sockets);
for (const ws of sockets) ws.close();
tellBench({ type: "done", delivered: load.vus * load.perVu });
process.exit(0);
