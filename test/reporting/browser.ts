import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium; tests that need it are skipped where it is not installed. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Where reviewed screenshots go: inside the ignored reports/ folder, never committed. */
export const SCREENSHOTS = join(import.meta.dirname, "..", "..", "reports", "screenshots");

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors, in order. */
  readonly errors: string[];
  /** Every URL the page asked for: a self-contained report asks only for itself. */
  readonly requests: string[];
  readonly url: string;
  close(): Promise<void>;
}

/** Writes `html` to `dir/name` and opens it in headless Chromium, offline, recording errors and requests. */
export async function openHtml(dir: string, name: string, html: string, width = 1280): Promise<OpenedPage> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width, height: 900 }, offline: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { timeout: 10_000, waitUntil: "load" });
  return { page, errors, requests, url, close: () => browser.close() };
}

/** Saves a screenshot of the top of the page (what a person sees first) under SCREENSHOTS. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage });
  return path;
}
