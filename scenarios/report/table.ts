/** A plain text table: first row is the header, columns padded to their widest cell, numbers right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const numeric = /^[-\d.,%]+( ?[a-z/]+)?$/;
  return rows
    .map((r, ri) =>
      r
        .map((cell, i) => (ri > 0 && numeric.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtRate = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
