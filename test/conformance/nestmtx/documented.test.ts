import { describe, expect, it } from "vitest";
import {
  createdIdOf,
  isDocumentedError,
  isNoEntity,
  listedOf,
  logEntryProblem,
  saysError,
  updateProblems,
} from "../../../conformance/nestmtx/documented.js";
import { formsOf } from "../../../conformance/nestmtx/entity-forms.js";

// What the nestmtx checks accept is what nestmtx.md allows: these pin the edges the variation server cannot show all
// of in one run.
describe("the shapes the nestmtx suite takes from nestmtx.md alone", () => {
  it.each([
    [{ error: { message: "Row not found", details: [], context: {} } }, true],
    [{ error: { message: "not found" } }, true],
    [{ error: "not found" }, true],
    [{ errors: [{ message: "bad command" }] }, true],
    [{ success: false, message: "bad command" }, true],
    [{ message: "no such module" }, true],
    ["Invalid Request", true],
    [{ error: { code: 404 } }, false],
    [{ error: true }, false],
    [{ id: 1, message: "a row whose field is called message" }, false],
    [[], false],
  ])("takes %j as an error message: %s", (answer, expected) => {
    expect(isDocumentedError(answer)).toBe(expected);
  });

  it("refuses as a success whatever says error, with a message or not", () => {
    for (const a of [{ error: { code: 404 } }, { errors: [{}] }, { ok: false }, { status: "error" }])
      expect(saysError(a)).toBe(true);
    for (const a of [{ id: 1 }, [], null, "text", { status: "ok" }]) expect(saysError(a)).toBe(false);
  });

  it("takes as 'no entity' an error or an answer holding nothing, never data", () => {
    for (const a of [null, undefined, false, {}, [], { error: { code: 404 } }, "not found"])
      expect(isNoEntity(a)).toBe(true);
    for (const a of [{ id: 5, username: "x" }, { username: "x" }, [{ id: 5 }]]) expect(isNoEntity(a)).toBe(false);
  });

  it("finds a created id bare, as `id`, or one level down; lists bare, under any key, or one level down", () => {
    expect([5, { id: "a" }, { created: { id: 7 } }, { ok: true }].map(createdIdOf)).toEqual([5, "a", 7, undefined]);
    expect(listedOf([{ id: 1 }])).toEqual({ items: [{ id: 1 }] });
    expect(listedOf({ total: 1, items: [{ id: 1 }] })).toEqual({ items: [{ id: 1 }], total: 1 });
    expect(listedOf({ page: { rows: [{ id: 1 }] } })).toEqual({ items: [{ id: 1 }] });
    expect(listedOf({ count: 0 })).toEqual({});
  });

  it("addresses an id as answered, then swapped between number and digits; a UUID has one form", () => {
    expect(formsOf(5).map((f) => f.entity)).toEqual([5, "5"]);
    expect(formsOf("5").map((f) => f.entity)).toEqual(["5", 5]);
    expect(formsOf("6f1c0d6e-0000-4000-8000-000000000042")).toHaveLength(1);
  });

  it("lets a log timestamp be rounded to its own precision, with any offset, and pid be digits", () => {
    const entry = { hostname: "h", level: 40, msg: "m", pid: "12", service: "s", time: 1_796_220_000_900 };
    expect(logEntryProblem({ ...entry, timestamp: "2026-12-02T14:00:00+00:00" })).toBeUndefined();
    expect(logEntryProblem({ ...entry, timestamp: "2026-12-02T14:00Z" })).toBeUndefined();
    expect(logEntryProblem({ ...entry, timestamp: "2026-12-02T14:00:00.900Z" })).toBeUndefined();
    expect(logEntryProblem({ ...entry, timestamp: "2026-12-02T14:05:00.900Z" })).toMatch(/ms apart/);
    expect(logEntryProblem({ ...entry, timestamp: "yesterday" })).toMatch(/ISO/);
    expect(logEntryProblem({ ...entry, pid: undefined, timestamp: "2026-12-02T14:00:00Z" })).toMatch(/pid/);
  });

  it("asks of an update only the documented properties: extra ones are free, details must be an object", () => {
    const update = { domain: "camera", event: "ready", entity: "6f1c", details: {}, emitted: 1 };
    expect(updateProblems(update, "camera", "ready")).toEqual([]);
    expect(updateProblems({ ...update, details: null }, "camera", "ready")).toHaveLength(1);
    expect(updateProblems({ domain: "camera", event: "ready", details: {} }, "camera", "ready")).toHaveLength(1);
  });
});
