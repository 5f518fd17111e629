// The least a Socket.IO server can do to serve the command-network scenarios: register joins a room, a broadcast
// command goes to that room but the sender, every command is acked. No validation, history, metrics or faults:
// what the reference server adds on top of this is the overhead benchmark 2 measures.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { tellBench } from "../child.js";

type Ack = (reply: unknown) => void;
const ROOM = "registered";

const http = createServer();
new Server(http).on("connection", (socket) => {
  socket.on("register", (_req: unknown, ack: Ack) => {
    socket.join(ROOM);
    socket.emit("registered");
    ack({ success: true, newClient: true });
  });
  socket.on("command", (req: { command: string; meta?: unknown; target?: unknown }, ack: Ack) => {
    if (req.target === null) {
      socket.to(ROOM).emit("command", { command: req.command, meta: req.meta ?? null });
      ack({ success: true });
    } else {
      ack({ success: true, targets: {} });
    }
  });
});
http.listen(0, "127.0.0.1", () => {
  tellBench({ type: "ready", url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
});
process.on("SIGTERM", () => process.exit(0));
