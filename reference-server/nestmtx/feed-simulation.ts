import type { CameraEvent } from "../../protocols/nestmtx/index.js";
import type { NestmtxState } from "./state.js";
import type { Publisher } from "./topics.js";

/**
 * One simulated life of a camera feed, covering every camera event in the order a real feed goes through them:
 * a viewer demands the feed, it comes up, is read, its stream token is extended, the viewer leaves, the next
 * extension fails, the feed drops and demand ends (nestmtx.md § Event Types for the `camera` domain, D13).
 */
export const FEED_LIFECYCLE: readonly CameraEvent[] = [
  "demand",
  "ready",
  "read",
  "extended",
  "unread",
  "failed-extension",
  "notReady",
  "unDemand",
];

/** Every `stepMs`, each enabled camera moves one step through its lifecycle; 0 turns the simulation off. */
export function simulateFeeds(state: NestmtxState, { publish }: Publisher, stepMs: number): () => void {
  if (stepMs <= 0) return () => {};
  const steps = new Map<number, number>();
  const timer = setInterval(() => {
    const enabled = state.cameras.all().filter((c) => c.is_enabled);
    for (const id of steps.keys()) if (!enabled.some((c) => c.id === id)) steps.delete(id);
    for (const camera of enabled) {
      const step = steps.get(camera.id) ?? 0;
      const event = FEED_LIFECYCLE[step % FEED_LIFECYCLE.length] ?? "demand";
      steps.set(camera.id, (step + 1) % FEED_LIFECYCLE.length);
      publish("camera", event, camera.id, { mtx_path: camera.mtx_path, simulated: true });
    }
  }, stepMs);
  return () => clearInterval(timer);
}
