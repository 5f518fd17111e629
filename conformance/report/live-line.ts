import type { RunListener } from "../runner/run-suite.js";

const MARK = {
  pass: "ok  ",
  fail: "FAIL",
  "expected-fail": "xfail",
  "unexpected-pass": "XPASS",
  skip: "skip",
  error: "ERR ",
} as const;

/** A listener that writes one line per finished check (and a header), e.g. `ok   must  antimony.x.y (12 ms)`. */
export function liveLines(write: (line: string) => void): RunListener {
  let done = 0;
  let total = 0;
  return {
    onStart(info) {
      total = info.total;
      write(
        `volley conformance: ${info.api} at ${info.target} (Socket.IO ${info.sioVersion}), seed ${info.seed}, ${total} checks`,
      );
    },
    onCheckEnd(r) {
      done += 1;
      const why =
        r.status === "fail" ? `: ${r.failure?.title}` : r.reason === undefined ? "" : `: ${r.reason.split("\n")[0]}`;
      write(
        `[${done}/${total}] ${MARK[r.classification].padEnd(5)} ${r.level.padEnd(6)} ${r.id} (${r.durationMs} ms)${why}`,
      );
    },
  };
}
