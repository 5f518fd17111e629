import { escapeXml as esc } from "./escape-xml.js";

/**
 * The frame both HTML reports share: one file, styles inline, no fonts and no network, so it opens offline and can
 * be attached to a CI run. `extraHead` is for inline styles and scripts a report adds (the load report's charts).
 */
export function htmlPage(title: string, body: string, extraHead = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>${BASE_CSS}</style>${extraHead}
</head><body>
${body}
</body></html>
`;
}

/** A coloured word: `ok`, `fail`, `warn` or `muted`. */
export const badge = (tone: Tone, text: string) => `<span class="badge ${tone}">${esc(text)}</span>`;
export type Tone = "ok" | "fail" | "warn" | "muted";

/** A table from rows of already-escaped cells; the first row is the header. */
export function htmlTable(className: string, rows: readonly (readonly string[])[]): string {
  const [head = [], ...rest] = rows;
  const tr = (cells: readonly string[], tag: "th" | "td") =>
    `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join("")}</tr>`;
  return `<table class="${className}"><thead>${tr(head, "th")}</thead><tbody>${rest.map((r) => tr(r, "td")).join("")}</tbody></table>`;
}

const BASE_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.sub{color:#57606a;margin:0 0 12px}
.banner{border-radius:8px;padding:12px 16px;margin:12px 0;font-weight:600;font-size:16px;color:#fff}
.banner.ok{background:#1a7f37}.banner.fail{background:#cf222e}.banner.warn{background:#9a6700}.banner.muted{background:#57606a}
.banner small{display:block;font-weight:400;font-size:13px;opacity:.95}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 14px;min-width:96px}
.card b{display:block;font-size:20px}.card span{color:#57606a;font-size:12px}
.card.ok b{color:#1a7f37}.card.fail b{color:#cf222e}.card.warn b{color:#9a6700}
table{border-collapse:collapse;background:#fff;margin:6px 0 14px;width:100%}
td,th{border:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.ok{background:#1a7f37}.badge.fail{background:#cf222e}.badge.warn{background:#9a6700}.badge.muted{background:#6e7781}
pre,code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:6px 8px;white-space:pre-wrap;word-break:break-all;margin:4px 0;max-height:320px;overflow:auto}
details{margin:4px 0}summary{cursor:pointer}
.fail-box{background:#fff;border:1px solid #cf222e;border-left:5px solid #cf222e;border-radius:6px;padding:8px 12px;margin:8px 0}
.fail-box h3{margin:0 0 4px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}dt{color:#57606a}dd{margin:0}
`;
