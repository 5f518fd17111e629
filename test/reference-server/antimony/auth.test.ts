import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { refusals } from "../../../protocols/antimony/index.js";
import { connect, refusal } from "../../support/client.js";
import { as, demo, startAntimony, tokens } from "./antimony-client.js";

const secret = new TextEncoder().encode(demo.jwtSecret);
const globals = ["/status-messages", "/lab-updates", "/lab-commands", "/shell-commands"];

describe("antimony authentication", () => {
  it.each(globals)("refuses %s without a token with Unauthorized", async (ns) => {
    const url = await startAntimony();
    expect((await refusal(`${url}${ns}`)).message).toBe(refusals.unauthorized);
  });

  it.each(globals)("accepts %s with a demo token", async (ns) => {
    const url = await startAntimony();
    const socket = await as("alice", url, ns);
    expect(socket.connected).toBe(true);
  });

  it("runs the document's authentication snippet as written, with an absolute URL", async () => {
    const url = await startAntimony();
    const socket = await connect(`${url}/lab-updates`, { auth: { token: tokens.alice } });
    expect(socket.connected).toBe(true);
  });

  const invalid: Record<string, () => Promise<string>> = {
    "a token that is not a JWT": async () => "not-a-jwt",
    "a token signed with another secret": () =>
      new SignJWT({ sub: "alice" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("x".repeat(32))),
    "an expired token": () =>
      new SignJWT({ sub: "alice" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(1).sign(secret),
    "an unsigned token (alg none)": async () => new UnsecuredJWT({ sub: "alice" }).encode(),
    "a token for a user that does not exist": () =>
      new SignJWT({ sub: "mallory" }).setProtectedHeader({ alg: "HS256" }).sign(secret),
  };

  it.each(Object.keys(invalid))("refuses %s with Invalid Token", async (name) => {
    const url = await startAntimony();
    const token = await (invalid[name] as () => Promise<string>)();
    const err = await refusal(`${url}/lab-commands`, { auth: { token } });
    expect(err.message).toBe(refusals.invalidToken);
  });

  it("treats a token of the wrong type as missing", async () => {
    const url = await startAntimony();
    const err = await refusal(`${url}/status-messages`, { auth: { token: 42 } });
    expect(err.message).toBe(refusals.unauthorized);
  });

  it("refuses namespaces the document does not name", async () => {
    const url = await startAntimony();
    const err = await refusal(`${url}/admin`, { auth: { token: tokens.alice } });
    expect(err.message).toBe(refusals.invalidNamespace);
  });
});
