import { describe, expect, it } from "vitest";
import { labCommands } from "../../../protocols/antimony/index.js";
import { refusal } from "../../support/client.js";
import { as, command, startAntimony } from "./antimony-client.js";

describe("antimony metrics", () => {
  it("counts answered errors by code and refusals by reason, with bounded namespace labels", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    await command(socket, { labId: "lab-nope", command: labCommands.deploy });
    await refusal(`${url}/logs/lab-alpha`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/volley_server_errors_total\{api="antimony",code="5005"\} 1/);
    expect(text).toMatch(
      /volley_server_connection_refusals_total\{api="antimony",namespace="\/logs\/:labId",reason="invalid_namespace"\} 1/,
    );
    expect(text).toMatch(
      /volley_server_events_received_total\{api="antimony",namespace="\/lab-commands",event="data"\} 1/,
    );
  });
});
