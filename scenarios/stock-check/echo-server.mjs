// A tiny Socket.IO 4 echo server for checking the stock Artillery engines: acks "echo" after DELAY_MS.
import { createServer } from "node:http";
import { Server } from "socket.io";

const delayMs = Number(process.argv[3] ?? 0);
const http = createServer();
new Server(http).on("connection", (socket) => {
  socket.on("echo", (data, ack) =>
    setTimeout(() => (typeof ack === "function" ? ack(data) : socket.emit("echo", data)), delayMs),
  );
});
http.listen(Number(process.argv[2] ?? 7499), "127.0.0.1");
