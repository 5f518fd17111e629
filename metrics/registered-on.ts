import type { Registry } from "prom-client";
import type { MetricDefinition } from "./catalogue.js";

type LabelOf<D> = D extends { readonly labels: readonly (infer L extends string)[] } ? L : never;

/** prom-client's options for a catalogue entry, registered on `registry`: the catalogue stays the one source of names. */
export const registeredOn =
  (registry: Registry) =>
  <D extends MetricDefinition>(def: D) => ({
    name: def.name,
    help: def.help,
    labelNames: def.labels as readonly LabelOf<D>[],
    registers: [registry],
  });
