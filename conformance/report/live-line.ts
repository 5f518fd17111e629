import type { Classification } from "../runner/result.js";
import type { RunListener } from "../runner/run-suite.js";

const MARK: Readonly<Record<Classification, string>> = {
  pass: "ok  ",
  fail: "FAIL",
  "expected-fail": "xfail",
  "unexpected-pass": "XPASS",
  skip: "skip",
  blocked: "block",
  error: "ERR ",
};

/**
 * A listener that writes one line per finished check (and a header), e.g. `ok   must  antimony.x.y (12 ms)`, and
 * the `--restart` command's output prefixed with `restart|`. A set-up step's failure is written in full the first
 * time it blocks a check; later checks it blocks name only the step.
 */
export function liveLines(write: (line: string) => void): RunListener {
  let done = 0;
  let total = 0;
  const stepsSeen = new Set<string>();
  return {
    onStart(info) {
      total = info.total;
      write(
        `volley conformance: ${info.api} at ${info.target} (Socket.IO ${info.sioVersion}), seed ${info.seed}, ${total} checks`,
      );
    },
    onCheckEnd(r) {
      done += 1;
      let why = r.reason === undefined ? "" : `: ${r.reason.split("\n")[0]}`;
      if (r.status === "fail") why = `: ${r.failure?.title}`;
      if (r.status === "blocked" && r.step !== undefined) {
        why = stepsSeen.has(r.step) ? `: blocked by \`${r.step}\` (above)` : `: blocked by \`${r.step}\`${why}`;
        stepsSeen.add(r.step);
      }
      write(
        `[${done}/${total}] ${MARK[r.classification].padEnd(5)} ${r.level.padEnd(6)} ${r.id} (${r.durationMs} ms)${why}`,
      );
    },
    onRestartStart(afterCheck) {
      write(`restart| the target stopped accepting connections after ${afterCheck}: running --restart`);
    },
    onRestartOutput(line) {
      write(`restart| ${line}`);
    },
    onRestartEnd(restart) {
      write(
        restart.ok
          ? `restart| the target accepts connections again (${restart.durationMs} ms)`
          : `restart| failed: ${restart.message}`,
      );
    },
  };
}
