import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCaFile, tlsClientOptions } from "../../clients/tls.js";
import { selfSignedCertificate } from "../support/tls.js";

const dir = mkdtempSync(join(tmpdir(), "volley-ca-"));

describe("the --ca file", () => {
  it("is read as PEM text", () => {
    const { cert } = selfSignedCertificate();
    writeFileSync(join(dir, "ca.pem"), cert);
    expect(readCaFile(join(dir, "ca.pem"))).toEqual({ ok: true, value: cert });
  });

  it("names the file and the reason when it cannot be read", () => {
    expect(readCaFile(join(dir, "missing.pem"))).toEqual({
      ok: false,
      message: `cannot read CA file ${join(dir, "missing.pem")}: ENOENT`,
    });
  });

  it("is refused when it holds no certificate (a key given by mistake, say)", () => {
    writeFileSync(join(dir, "key.pem"), selfSignedCertificate().key);
    expect(readCaFile(join(dir, "key.pem"))).toMatchObject({ ok: false, message: expect.stringContaining("no PEM") });
  });
});

describe("the clients' TLS options", () => {
  it("verify certificates unless --insecure, and trust the given CA", () => {
    expect(tlsClientOptions({})).toEqual({});
    expect(tlsClientOptions({ ca: "PEM", insecure: true })).toEqual({ ca: "PEM", rejectUnauthorized: false });
  });
});
