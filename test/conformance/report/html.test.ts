import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSuite, fail, pass } from "../../../conformance/index.js";
import { renderHtml } from "../../../conformance/report/html.js";
import type { Report } from "../../../conformance/runner/result.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import { hasChromium, type OpenedPage, openHtml, screenshot } from "../../reporting/browser.js";
import { startToyServer, toyRunOptions } from "../toy-server.js";
import { toySuite } from "../toy-suite.js";

/** Markup a hostile server or a careless suite author could put in an answer, a title or a section name. */
const HOSTILE = `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">`;

/** The toy suite (the faulty server fails `add`, `counter` is a known departure) and a check the server's answer breaks. */
const suite = defineSuite({
  api: "command-network",
  fixtures: toySuite.fixtures,
  checks: [
    ...toySuite.checks,
    {
      id: "command-network.toy.hostile-echo",
      level: "should",
      doc: { file: "toy.md", section: `echo ${HOSTILE}` },
      title: `answers ${HOSTILE} with nothing but a string`,
      run: async (ctx) => {
        const client = await ctx.clients.connect({ namespace: "/" });
        // The server echoes the markup: `actual` is the server's own message.
        const got = await client.emitAck("echo", [HOSTILE]);
        const actual = got.kind === "event" ? got.args[0] : "no ack";
        return actual === "plain" ? pass() : fail({ title: `echo gave ${HOSTILE}`, expected: "plain", actual });
      },
    },
  ],
});

let report: Report;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startToyServer({ version: 4, faulty: true });
  const run = await runSuite(
    suite,
    toyRunOptions(server.url, {
      expectations: { expectedFailures: { "command-network.toy.counter": "wraps after 3" } },
      sioVersion: 4,
    }),
    {},
  );
  if (!run.ok) throw new Error(run.message);
  report = run.value;
});

afterAll(() => server.close());

/** The sections' order in a pretend document: not the order the suite runs them; the rest after. */
const ORDER = ["add", "echo", `echo ${HOSTILE}`, "counter"];
const position = (d: { section: string }) => ORDER.indexOf(d.section);

describe("the conformance HTML report", () => {
  it("puts the verdict and each unexpected failure first, with what was expected, what came and how to reproduce", () => {
    const html = renderHtml(report, { sectionPosition: position });
    const top = html.slice(0, html.indexOf('id="sections"'));
    expect(top).toContain("FAIL");
    expect(top).toContain('id="fail-command-network.toy.add"');
    expect(top).toContain("volley conformance");
    // Expected failures are shown apart, after the sections, never among the new ones.
    expect(top).not.toContain('id="fail-command-network.toy.counter"');
    expect(html.indexOf("Expected failures (1)")).toBeGreaterThan(html.indexOf('id="sections"'));
  });

  it("escapes markup from a server's answer, a title and a section name", () => {
    const html = renderHtml(report);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;window.pwned=1&lt;/script&gt;");
  });

  describe.skipIf(!hasChromium)("in Chromium", () => {
    let opened: OpenedPage;
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), "volley-conformance-html-"));
      opened = await openHtml(dir, "conformance.html", renderHtml(report, { sectionPosition: position }));
    }, 20_000);
    afterAll(() => opened?.close());

    it("loads with no console error, asks for nothing but itself and runs no script from the report's data", async () => {
      const { page } = opened;
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([opened.url]);
      expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator("script, img").count()).toBe(0);
      const shown = await page.locator("#fail-command-network\\.toy\\.hostile-echo pre").allTextContents();
      expect(shown).toContain(HOSTILE);
    });

    it("shows the verdict, counts and failures above the fold, and sections in the document's order", async () => {
      const { page } = opened;
      expect(await page.locator("#verdict").textContent()).toMatch(/^FAIL/);
      const fold = 900;
      for (const selector of ["#verdict", "#counts", "#fail-command-network\\.toy\\.add"]) {
        const box = await page.locator(selector).boundingBox();
        expect(box?.y ?? fold, selector).toBeLessThan(fold);
      }
      const sections = await page.locator("#sections h3").evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent));
      expect(sections.slice(0, 4)).toEqual(["add ", "echo ", `echo ${HOSTILE} `, "counter "]);
      const verdicts = await page
        .locator("#sections table.checks tr")
        .evaluateAll((rows) => rows.map((r) => [r.children[0]?.textContent, r.children[2]?.textContent]));
      expect(verdicts).toContainEqual(["command-network.toy.add", "fail"]);
      expect(verdicts).toContainEqual(["command-network.toy.counter", "expected-fail"]);
      expect(verdicts).toContainEqual(["command-network.toy.echo", "pass"]);
      await screenshot(page, "conformance.png");
      await screenshot(page, "conformance-full.png", true);
    });
  });
});
