import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { METRICS_DOC_PATH, metricsDoc } from "./metrics-doc.js";

// `npm run docs:metrics`: regenerates docs/metrics.md; test/metrics/metrics-doc.test.ts fails while it is stale.
writeFileSync(join(import.meta.dirname, "..", METRICS_DOC_PATH), metricsDoc());
