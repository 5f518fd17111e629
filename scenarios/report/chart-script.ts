/**
 * The page's own script, run after uPlot is inlined: it draws every chart from the JSON in `#volley-charts`. It is
 * plain browser JavaScript in a string because the page must carry it. Besides numbers and fixed labels, the JSON
 * carries failure causes (servers' messages) as series labels: uPlot writes a label with `textContent`, never as
 * markup, and "<" is escaped in the JSON so that no cause can close its script element.
 */
export const CHART_SCRIPT = String.raw`(function () {
  var specs = JSON.parse(document.getElementById("volley-charts").textContent);
  // Twelve distinct colours: five latency series, or a metric's causes (up to 21), repeat only past twelve.
  var COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#6b7280", "#0891b2", "#ca8a04", "#db2777", "#4d7c0f", "#7c2d12", "#1e3a8a", "#0f766e"];
  var pct = function (v) {
    var p = 100 - 100 / v;
    return (p >= 99 ? p.toPrecision(6).replace(/0+$/, "").replace(/\.$/, "") : p.toFixed(0)) + "%";
  };
  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el || spec.x.length === 0) return;
    var hdr = spec.kind === "hdr";
    var series = [{ label: hdr ? "percentile" : "s", value: hdr ? function (u, v) { return v == null ? "" : pct(v); } : undefined }];
    spec.series.forEach(function (s, i) {
      series.push({
        label: s.label,
        // Budget lines in red, everything else from the palette.
        stroke: s.budget ? "#cf222e" : COLOURS[i % COLOURS.length],
        width: s.dash ? 1.5 : 1.8,
        dash: s.dash ? [6, 4] : undefined,
        spanGaps: false,
        points: { show: spec.x.length < 40, size: 5 },
      });
    });
    var right = spec.series.some(function (s) { return s.right; });
    spec.series.forEach(function (s, i) { if (s.right) series[i + 1].scale = "right"; });
    // Decades only on the percentile axis: 0%, 90%, 99%, 99.9% ...
    var decades = function (u, ax, min, max) {
      var out = [];
      for (var v = 1; v <= max * 1.0001; v *= 10) if (v >= min / 1.0001) out.push(v);
      return out;
    };
    var opts = {
      width: Math.max(300, el.clientWidth),
      height: 220,
      series: series,
      scales: {
        x: hdr ? { time: false, distr: 3, log: 10 } : { time: false },
        right: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } },
        y: spec.log ? { distr: 3 } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } },
      },
      axes: [
        hdr
          ? { label: "percentile", splits: decades, values: function (u, vs) { return vs.map(pct); }, size: 36 }
          : { label: "seconds since start", size: 36 },
        { label: spec.yLabel, size: 56 },
      ].concat(right ? [{ scale: "right", side: 1, label: spec.rightLabel, size: 50, grid: { show: false } }] : []),
      legend: { live: false },
    };
    new uPlot(opts, [spec.x].concat(spec.series.map(function (s) { return s.values; })), el);
    el.setAttribute("data-drawn", "true");
  });
})();`;
