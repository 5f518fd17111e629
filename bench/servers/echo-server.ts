// A plain Socket.IO 4 server that acks "echo" with its argument: the common target of the generator-cost and
// measurement-accuracy benchmarks. Run in its own process by the bench:
//   echo-server.ts [delay pattern]   e.g. "5,5,5,5,5,5,5,5,40,40": echo n is held pattern[n % length] ms
// Messages from the bench: {type: "watch", marks} resets the count and reports {type: "mark", n} as the count
// reaches each mark; {type: "truth"} answers the held times' p50/p99 since the last truth, the figure a client
// should report (plus the loopback round trip).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { fromBench, tellBench } from "../child.js";
import { median } from "../stats.js";

const pattern = (process.argv[2] ?? "0").split(",").map(Number);
let count = 0;
let marks: number[] = [];
let held: number[] = [];

const http = createServer();
new Server(http).on("connection", (socket) => {
  socket.on("echo", (data: unknown, ack: unknown) => {
    const delayMs = pattern[count % pattern.length] ?? 0;
    count += 1;
    if (marks[0] === count) tellBench({ type: "mark", n: marks.shift() });
    if (typeof ack !== "function") return;
    if (delayMs === 0) return ack(data);
    const since = performance.now();
    setTimeout(() => {
      held.push(performance.now() - since);
      ack(data);
    }, delayMs);
  });
});

process.on("message", (m: { type: string; marks?: number[] }) => {
  if (m.type === "watch") {
    count = 0;
    marks = [...(m.marks ?? [])];
  }
});
void answerTruth();

async function answerTruth(): Promise<void> {
  for (;;) {
    await fromBench("truth");
    const sorted = held.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
    tellBench({ type: "truth", count: sorted.length, p50: median(sorted), p99: at(0.99) });
    held = [];
  }
}

http.listen(0, "127.0.0.1", () => {
  tellBench({ type: "ready", url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
});
process.on("SIGTERM", () => process.exit(0));
