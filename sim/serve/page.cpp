#include "sim/serve/page.hpp"

namespace btlinksim {

const char* serve_page()
{
  return R"PAGE(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>btlinksim serve</title>
<style>
body{font-family:sans-serif;margin:0;display:flex;gap:1em;padding:1em}
#plan{border:1px solid #999;background:#fafafa;touch-action:none;user-select:none}
#side{min-width:420px;max-width:560px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:2px 6px;font-size:90%}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}
.dev{cursor:grab}.dev text{font-size:11px;pointer-events:none}
#status{font-size:90%;color:#555;min-height:1.2em}.err{color:#b00}
textarea{width:100%;height:12em;font-family:monospace;font-size:80%}
label{display:inline-block;margin:.2em .6em .2em 0}
</style></head><body>
<svg id="plan" width="760" height="560"></svg>
<div id="side">
<h2 id="title">btlinksim</h2>
<div>
<label>topology <select id="kind"></select></label>
<label>packet type <select id="packet"></select></label>
<label>playout delay <input id="delay" type="number" min="5" max="2000" step="5" style="width:5em"> ms</label>
</div>
<div id="status">loading…</div>
<h3>Speakers</h3>
<table id="sinks"><thead><tr><th>sink</th><th>played</th><th>dropouts [1/min]</th><th>by cause</th>
<th>end-to-end latency [ms]</th><th>skew, largest [ms]</th></tr></thead><tbody></tbody></table>
<h3>Links</h3>
<table id="links"><thead><tr><th>link</th><th>median received power [dBm]</th><th>packet error rate</th></tr></thead><tbody></tbody></table>
<div id="warnings" class="err"></div>
<h3>Coverage</h3>
<label>speaker <select id="covdev"></select></label> <button id="cover">map coverage</button>
<div id="covstatus"></div>
<h3>Export</h3>
<button id="export">export YAML</button> <a id="download" download="scenario.yaml" style="display:none">download</a>
<textarea id="yaml" readonly></textarea>
</div>
<script>
"use strict";
const svg = document.getElementById("plan"), NS = "http://www.w3.org/2000/svg";
let S = null, pos = {}, view = null, coverage = null, seq = 0, evaluations = 0;
// Colour of a received power: the viridis scale from -100 to -30 dBm (presentation only).
const VIRIDIS = ["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"];
function colour(dbm) {
  if (dbm === null || dbm === undefined) return "#999";
  const t = Math.max(0, Math.min(0.999, (dbm + 100) / 70));
  return VIRIDIS[Math.floor(t * VIRIDIS.length)];
}
function fmt(iv, scale) {
  if (!iv || iv.mean === null) return "–";
  const m = iv.mean * scale, h = (iv.ci95 || 0) * scale;
  if (h === 0) return String(Number(m.toPrecision(3)));
  const d = Math.max(0, 1 - Math.floor(Math.log10(h)));
  return m.toFixed(d) + " ± " + h.toFixed(d);
}
function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function fit() {
  const xs = [], ys = [];
  for (const n in pos) { xs.push(pos[n][0]); ys.push(pos[n][1]); }
  for (const w of S.walls) { xs.push(w.from[0], w.to[0]); ys.push(w.from[1], w.to[1]); }
  const x0 = Math.min(...xs) - 4, x1 = Math.max(...xs) + 12, y0 = Math.min(...ys) - 4, y1 = Math.max(...ys) + 4;
  const k = Math.min(760 / (x1 - x0), 560 / (y1 - y0));
  view = {x0, y1, k};
}
const px = (x, y) => [(x - view.x0) * view.k, (view.y1 - y) * view.k];
const metres = (X, Y) => [X / view.k + view.x0, view.y1 - Y / view.k];
function draw(result) {
  svg.innerHTML = "";
  if (coverage) {
    const [bx0, by0, bx1, by1] = coverage.box, w = (bx1 - bx0) / coverage.nx, h = (by1 - by0) / coverage.ny;
    for (const p of coverage.points) {
      const [X, Y] = px(p.x - w / 2, p.y + h / 2);
      const r = el("rect", {x: X, y: Y, width: w * view.k, height: h * view.k, fill: colour(p.median_rx_dbm),
                            opacity: 0.35, class: "cov"}, svg);
      r.dataset.dropouts = p.dropouts_per_min === null ? "" : p.dropouts_per_min;
      const t = el("title", {}, r);
      t.textContent = `${p.median_rx_dbm === null ? "–" : p.median_rx_dbm.toFixed(0)} dBm; ` +
                      `${p.dropouts_per_min === null ? "did not play" : p.dropouts_per_min.toFixed(2) + " dropouts/min"}`;
      if (p.dropouts_per_min === null || p.dropouts_per_min > 0)
        el("line", {x1: X, y1: Y, x2: X + w * view.k, y2: Y + h * view.k, stroke: "#b00", "stroke-width": 1, opacity: 0.5}, svg);
    }
  }
  for (const w of S.walls) {
    const [a, b] = [px(...w.from), px(...w.to)];
    el("line", {x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: "#555", "stroke-width": 5, class: "wall"}, svg);
  }
  if (result) for (const l of result.links) {
    const [a, b] = l.name.split("->");
    if (!(a in pos) || !(b in pos)) continue;
    const [p, q] = [px(...pos[a]), px(...pos[b])], c = colour(l.median_rx_dbm.mean);
    const line = el("line", {x1: p[0], y1: p[1], x2: q[0], y2: q[1], stroke: c, "stroke-width": 4, class: "link"}, svg);
    line.dataset.link = l.name;
    line.dataset.rx = l.median_rx_dbm.mean;
    const t = el("text", {x: (p[0] + q[0]) / 2, y: (p[1] + q[1]) / 2 - 4, "font-size": 11, "text-anchor": "middle"}, svg);
    t.textContent = l.median_rx_dbm.mean.toFixed(0) + " dBm";
  }
  for (const d of S.devices) {
    const [X, Y] = px(...pos[d.name]);
    const g = el("g", {class: "dev", transform: `translate(${X},${Y})`}, svg);
    g.dataset.name = d.name;
    if (d.role === "source") el("rect", {x: -9, y: -9, width: 18, height: 18, fill: "#D55E00"}, g);
    else el("circle", {r: 10, fill: "#0072B2"}, g);
    el("text", {y: 24, "text-anchor": "middle"}, g).textContent = d.name;
    g.addEventListener("pointerdown", drag);
  }
}
function drag(ev) {
  const g = ev.currentTarget, name = g.dataset.name, r = svg.getBoundingClientRect();
  ev.preventDefault();
  const move = (e) => {
    const [x, y] = metres(e.clientX - r.left, e.clientY - r.top);
    pos[name] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    const [X, Y] = px(...pos[name]);
    g.setAttribute("transform", `translate(${X},${Y})`);
  };
  const up = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up);
                     coverage = null; evaluate(); };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}
function request() {
  const r = {positions: pos, packet_type: document.getElementById("packet").value,
             playout_delay_ms: Number(document.getElementById("delay").value)};
  if (S.topology_editable) r.topology_kind = document.getElementById("kind").value;
  return r;
}
async function post(url, body) {
  const res = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const j = await res.json();
  if (!res.ok) throw new Error(j.error || res.statusText);
  return j;
}
let last = null;
async function evaluate() {
  const my = ++seq, t0 = performance.now(), st = document.getElementById("status");
  st.textContent = "running…"; st.className = "";
  document.body.dataset.state = "running";
  try {
    const r = await post("/api/evaluate", request());
    if (my !== seq) return;
    last = r;
    evaluations++;
    document.body.dataset.evaluations = evaluations;
    st.textContent = `${r.replications} replications of ${r.duration_s} s each, in ${((performance.now() - t0) / 1000).toFixed(2)} s`;
    show(r);
  } catch (e) {
    st.textContent = e.message; st.className = "err";
  }
  document.body.dataset.state = "idle";
}
function show(r) {
  fit();  // a device dragged past the edge: the plan grows to hold it
  draw(r);
  const tb = document.querySelector("#sinks tbody"); tb.innerHTML = "";
  for (const s of r.sinks) {
    const causes = Object.entries(s.dropouts_by_cause).filter(([, v]) => v.mean > 0)
                     .map(([k, v]) => `${k.replace("_", " ")} ${v.mean.toPrecision(2)}`).join("; ") || "–";
    const tr = document.createElement("tr"); tr.dataset.sink = s.name;
    tr.dataset.dropouts = s.dropouts_per_min.mean === null ? "" : s.dropouts_per_min.mean;
    tr.innerHTML = `<td>${s.name}</td><td class="n">${s.played}/${s.replications}</td>` +
      `<td class="n">${fmt(s.dropouts_per_min, 1)}</td><td>${causes}</td>` +
      `<td class="n">${fmt(s.e2e_latency_mean_s, 1e3)}</td><td class="n">${fmt(s.skew_max_s, 1e3)}</td>`;
    tb.appendChild(tr);
  }
  const lb = document.querySelector("#links tbody"); lb.innerHTML = "";
  for (const l of r.links) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${l.name}</td><td class="n">${fmt(l.median_rx_dbm, 1)}</td><td class="n">${fmt(l.per, 1)}</td>`;
    lb.appendChild(tr);
  }
  document.getElementById("warnings").textContent = r.warnings.join("; ");
}
async function cover() {
  const st = document.getElementById("covstatus"), t0 = performance.now();
  st.textContent = "mapping…";
  document.body.dataset.coverage = "running";
  try {
    const b = request(); b.device = document.getElementById("covdev").value;
    coverage = await post("/api/coverage", b);
    st.textContent = `${coverage.points.length} positions of ${coverage.device}, one run each, in ` +
                     `${((performance.now() - t0) / 1000).toFixed(1)} s; red crosses: dropouts or silent`;
    draw(last);
    document.body.dataset.coverage = "done";
  } catch (e) { st.textContent = e.message; document.body.dataset.coverage = "failed"; }
}
function option(sel, values, v) {
  for (const x of values) { const o = document.createElement("option"); o.value = o.textContent = x; sel.appendChild(o); }
  sel.value = v;
}
(async function init() {
  S = await (await fetch("/api/scenario")).json();
  document.getElementById("title").textContent = S.title;
  for (const d of S.devices) pos[d.name] = [d.x, d.y];
  option(document.getElementById("kind"), S.topology_editable ? S.choices.topology_kind : [S.topology_kind], S.topology_kind);
  document.getElementById("kind").disabled = !S.topology_editable;
  option(document.getElementById("packet"), S.choices.packet_type, S.packet_type);
  option(document.getElementById("covdev"), S.sinks, S.sinks[S.sinks.length - 1]);
  document.getElementById("delay").value = S.playout_delay_ms;
  for (const id of ["kind", "packet", "delay"]) document.getElementById(id).addEventListener("change", () => { coverage = null; evaluate(); });
  document.getElementById("cover").addEventListener("click", cover);
  document.getElementById("export").addEventListener("click", () => {
    const y = last ? last.yaml : "";
    document.getElementById("yaml").value = y;
    const a = document.getElementById("download");
    a.href = URL.createObjectURL(new Blob([y], {type: "text/yaml"})); a.style.display = "inline";
  });
  fit(); draw(null); evaluate();
})();
</script></body></html>
)PAGE";
}

}  // namespace btlinksim
