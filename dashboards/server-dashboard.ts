import { serverMetrics } from "../metrics/catalogue.js";
import { dashboard, datasourceVariable, labelVariable } from "./grafana-model.js";
import { series } from "./promql.js";
import { SERVER_JOB, serverPanels } from "./server-panels.js";

const connections = serverMetrics.connections.name;
const p = serverPanels([`api=~"$api"`, `instance=~"$instance"`], [`instance=~"$instance"`]);

/** What the reference server does: sockets, events, handler latency, errors, and the Node process under it. */
export const serverDashboard = dashboard({
  uid: "volley-server",
  title: "Volley / Server",
  description: "The Volley reference server (or any server exposing the same metrics): one instance per API port.",
  tags: ["volley", "socket.io"],
  variables: [
    datasourceVariable(),
    labelVariable("api", "API", series(connections, `job="${SERVER_JOB}"`)),
    labelVariable("instance", "Instance", series(connections, `job="${SERVER_JOB}"`, `api=~"$api"`)),
  ],
  rows: [
    { title: "Connections", panels: [p.connections, p.connectionRate] },
    { title: "Events", panels: [p.eventsIn, p.eventsOut, p.handlerLatency, p.errors] },
    {
      title: "Node.js process",
      panels: [
        { ...p.eventLoopLag, width: 8 },
        { ...p.memory, width: 8 },
        { ...p.cpu, width: 8 },
      ],
    },
  ],
});
