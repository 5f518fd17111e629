import { readFileSync } from "node:fs";

/** Volley's version, from package.json: `--version` prints it and load reports record it. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
