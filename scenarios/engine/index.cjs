// Entry point Artillery loads as `artillery-engine-volley` (it requires `artillery-engine-<name>` for
// `config.engines.<name>`). The engine is TypeScript: tsx compiles it on load, so no build step is needed here or
// in Artillery's Fargate/Lambda workers, which install this package's dependencies (tsx among them).
const { require: tsxRequire } = require("tsx/cjs/api");

module.exports = tsxRequire("./artillery-engine.ts", __filename).VolleyEngine;
