// The page of `ardm serve`: plain DOM code over the JSON API (no framework, nothing fetched from the network).
"use strict";
const $ = (id) => document.getElementById(id);
let models = [];
let current = null;
let stream = null;

function status(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

async function api(path, options) {
  const r = await fetch(path, options);
  if (!r.ok) {
    let message = r.status + " " + r.statusText;
    try { message = (await r.json()).error; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return r;
}

function selectedModel() { return models.find((m) => m.name === $("model").value); }

async function loadModels() {
  models = await (await api("/api/models")).json();
  const select = $("model");
  for (const m of models) {
    const o = document.createElement("option");
    o.value = m.name;
    o.textContent = m.name + " (" + m.modality + (m.orderAgnostic ? "" : ", left-to-right") + ")";
    select.appendChild(o);
  }
  const firstOa = models.find((m) => m.orderAgnostic);
  if (firstOa) select.value = firstOa.name;
  modelChanged();
}

function modelChanged() {
  current = selectedModel();
  $("model-facts").textContent = "D = " + current.length + ", " + (current.orderAgnostic ? "order-agnostic" : "left-to-right")
    + (current.stages > 1 ? ", " + current.stages + " stages" : "");
  $("card-text").textContent = current.card;
  for (const id of ["gen-budget", "inf-budget", "pol-budget"]) {
    const slider = $(id);
    slider.max = current.length;
    if (+slider.value > current.length) slider.value = current.length;
    $(id + "-value").textContent = slider.value;
  }
  const image = current.modality === "image";
  $("inf-text-input").hidden = image;
  $("inf-image-input").hidden = !image;
  if (image) drawInfillSource();
  if ($("policy").classList.contains("active")) drawPolicy();
}

// ---- Generate and Infill: one event per network call ----
function render(view, event, newPositions, given) {
  view.textContent = "";
  if (current.modality === "image") {
    const canvas = document.createElement("canvas");
    canvas.width = 32; canvas.height = 32;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(32, 32);
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) {
        const v = event.values[p * 3 + c];
        img.data[p * 4 + c] = v < 0 ? 128 : v;
      }
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    view.appendChild(canvas);
    return;
  }
  event.chars.forEach((ch, j) => {
    const s = document.createElement("span");
    s.textContent = ch === null ? "_" : ch;
    if (ch === null) s.className = "hidden";
    else if (newPositions.has(j)) s.className = "new";
    else if (given && given.has(j)) s.className = "given";
    view.appendChild(s);
  });
}

function runStream(kind, params, statusId, viewId) {
  if (stream) stream.close();
  const view = $(viewId);
  const query = new URLSearchParams(Object.assign({ model: current.name }, params));
  const given = new Set();
  if (params.text) [...params.text].forEach((c, j) => { if (c !== "_") given.add(j); });
  status(statusId, "starting…");
  const es = new EventSource("/api/" + kind + "/stream?" + query);
  stream = es;
  let steps = 0;
  es.addEventListener("step", (m) => {
    const e = JSON.parse(m.data);
    steps++;
    view.dataset.steps = steps;
    render(view, e, new Set(e.revealed), given);
    const bits = e.expectedBits === undefined ? "" : ", expected " + e.expectedBits.toFixed(1) + " bits (DP)";
    status(statusId, "call " + e.call + " of " + e.calls + ": " + e.revealed.length + " positions revealed" + bits);
  });
  es.addEventListener("done", (m) => {
    const e = JSON.parse(m.data);
    es.close();
    if (kind === "sample" && current.modality === "image") { source = e.values.slice(); drawInfillSource(); }
    render(view, e, new Set(), given);
    view.dataset.done = "true";
    view.dataset.result = e.text;
    status(statusId, "done in " + e.calls + " network calls (seed " + e.seed + ")");
  });
  es.addEventListener("failed", (m) => {
    es.close();
    status(statusId, JSON.parse(m.data).error, true);
  });
  es.onerror = () => { if (es.readyState === EventSource.CLOSED) return; es.close(); status(statusId, "the stream broke off", true); };
}

$("gen-run").onclick = () => {
  $("gen-view").dataset.done = "false";
  runStream("sample", { budget: $("gen-budget").value, seed: $("gen-seed").value }, "gen-status", "gen-view");
};
$("inf-run").onclick = () => {
  $("inf-view").dataset.done = "false";
  const common = { budget: $("inf-budget").value, seed: $("inf-seed").value };
  if (current.modality === "image") {
    runStream("infill", Object.assign({ image: base64url(Uint8Array.from(source)), mask: base64url(mask) }, common), "inf-status", "inf-view");
  } else {
    runStream("infill", Object.assign({ text: $("inf-text").value, blank: "_" }, common), "inf-status", "inf-view");
  }
};

// ---- Image infill: a picture (the last sample, or the user's 32×32 PNG) and a painted mask, one bit per pixel ----
let source = new Array(32 * 32 * 3).fill(128);
const mask = new Uint8Array(128);
const masked = (p) => (mask[p >> 3] >> (p & 7)) & 1;

function base64url(bytes) {
  let s = "";
  bytes.forEach((b) => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function drawInfillSource() {
  const ctx = $("inf-canvas").getContext("2d");
  const img = ctx.createImageData(32, 32);
  for (let p = 0; p < 1024; p++) {
    for (let c = 0; c < 3; c++) img.data[p * 4 + c] = masked(p) ? 200 : source[p * 3 + c];
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function paint(ev) {
  const r = $("inf-canvas").getBoundingClientRect();
  const cx = Math.floor((ev.clientX - r.left) * 32 / r.width), cy = Math.floor((ev.clientY - r.top) * 32 / r.height);
  for (let y = cy - 1; y <= cy + 1; y++) for (let x = cx - 1; x <= cx + 1; x++) {
    if (x >= 0 && x < 32 && y >= 0 && y < 32) { const p = y * 32 + x; mask[p >> 3] |= 1 << (p & 7); }
  }
  drawInfillSource();
}
let painting = false;
$("inf-canvas").onmousedown = (ev) => { painting = true; paint(ev); };
$("inf-canvas").onmousemove = (ev) => { if (painting) paint(ev); };
window.addEventListener("mouseup", () => { painting = false; });
$("inf-clear").onclick = () => { mask.fill(0); drawInfillSource(); };
$("inf-png").onchange = async () => {
  const file = $("inf-png").files[0];
  if (!file) return;
  const bitmap = await createImageBitmap(file);
  const off = document.createElement("canvas");
  off.width = 32; off.height = 32;
  const ctx = off.getContext("2d");
  ctx.drawImage(bitmap, 0, 0, 32, 32);
  const data = ctx.getImageData(0, 0, 32, 32).data;
  for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) source[p * 3 + c] = data[p * 4 + c];
  drawInfillSource();
};
$("inf-blank").onclick = () => {
  const t = $("inf-text");
  const [a, b] = [t.selectionStart, t.selectionEnd];
  t.value = t.value.slice(0, a) + "_".repeat(b - a) + t.value.slice(b);
};

// ---- Score: totals and a heat map ----
$("score-run").onclick = async () => {
  const file = $("score-file").files[0];
  const body = file ? await file.arrayBuffer() : new TextEncoder().encode($("score-text").value);
  status("score-status", "scoring…");
  try {
    const r = await (await api("/api/score?model=" + encodeURIComponent(current.name), { method: "POST", body })).json();
    const elbo = r.elboBitsPerSymbol === undefined ? "ELBO: needs at least one whole segment of " + current.length + " symbols"
      : "stochastic ELBO " + r.elboBitsPerSymbol.toFixed(3) + " ± " + r.elboStandardError.toFixed(3) + " over " + r.elboSegments + " segments";
    status("score-status", r.symbols + " symbols: exact NLL " + r.nllBitsPerSymbol.toFixed(3) + " " + r.bitsUnit + "; " + elbo);
    const view = $("score-view");
    view.textContent = "";
    const bytes = new Uint8Array(body);
    const max = Math.max(8, ...r.bitsPerPosition);
    r.bitsPerPosition.forEach((b, j) => {
      const s = document.createElement("span");
      s.textContent = current.modality === "image" ? "■" : String.fromCharCode(bytes[j] || 32);
      s.title = b.toFixed(2) + " bits";
      s.style.background = "rgba(200, 40, 30, " + Math.min(1, b / max).toFixed(3) + ")";
      view.appendChild(s);
    });
    view.dataset.done = "true";
  } catch (e) {
    status("score-status", e.message, true);
  }
};

// ---- Compress and decompress ----
function download(linkId, blob, name) {
  const a = $(linkId);
  if (a.href) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = false;
}

$("comp-file").onchange = async () => {
  const file = $("comp-file").files[0];
  if (!file) return;
  status("comp-status", "compressing " + file.name + "…");
  try {
    const r = await api("/api/compress?model=" + encodeURIComponent(current.name), { method: "POST", body: await file.arrayBuffer() });
    const blob = await r.blob();
    const original = +r.headers.get("X-Ardm-Original-Length");
    const row = (n) => n.toLocaleString() + " bytes" + (original ? " (" + (8 * n / original).toFixed(3) + " bits per byte)" : "");
    $("comp-original").textContent = original.toLocaleString() + " bytes";
    $("comp-ardm").textContent = row(blob.size) + " with " + r.headers.get("X-Ardm-Model");
    $("comp-gzip").textContent = row(+r.headers.get("X-Ardm-Gzip-Length"));
    $("comp-xz").textContent = row(+r.headers.get("X-Ardm-Xz-Length"));
    $("comp-roundtrip").textContent = r.headers.get("X-Ardm-Round-Trip") === "ok" ? "✓ decoded to the same bytes" : "failed";
    $("comp-table").hidden = false;
    download("comp-download", blob, file.name + ".ardm");
    status("comp-status", file.name + " compressed");
  } catch (e) {
    status("comp-status", e.message, true);
  }
};

$("decomp-file").onchange = async () => {
  const file = $("decomp-file").files[0];
  if (!file) return;
  status("comp-status", "decompressing " + file.name + "…");
  try {
    const r = await api("/api/decompress", { method: "POST", body: await file.arrayBuffer() });
    const blob = await r.blob();
    download("decomp-download", blob, file.name.replace(/\.ardm$/, "") || "original");
    status("comp-status", file.name + " decompressed with " + r.headers.get("X-Ardm-Model") + ": " + blob.size.toLocaleString() + " bytes");
  } catch (e) {
    status("comp-status", e.message, true);
  }
};

// ---- Policy plot (SVG) ----
async function drawPolicy() {
  const budget = $("pol-budget").value;
  try {
    const r = await (await api("/api/policy?model=" + encodeURIComponent(current.name) + "&budget=" + budget)).json();
    const s = r.stages[0];
    const d = r.length, w = 800, h = 320, pad = 40;
    // D·L_t: what one position costs, in bits, when it is predicted at step t (L_t is per dimension).
    const perPosition = s.components.map((v) => v * d);
    const maxL = Math.max(...perPosition) || 1;
    const x = (t) => pad + (w - 2 * pad) * t / d;
    const y = (v) => h - pad - (h - 2 * pad) * v / maxL;
    let svg = "";
    s.boundaries.forEach((from, i) => {
      const to = i + 1 < s.boundaries.length ? s.boundaries[i + 1] : d;
      const level = perPosition[from];
      svg += `<rect x="${x(from)}" y="${y(level)}" width="${Math.max(0.5, x(to) - x(from))}" height="${h - pad - y(level)}" fill="${i % 2 ? "#f6d28b" : "#f0b43c"}" opacity="0.6"/>`;
    });
    svg += `<polyline fill="none" stroke="#20343f" stroke-width="1.5" points="${perPosition.map((v, t) => x(t) + "," + y(v)).join(" ")}"/>`;
    svg += `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#444"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#444"/>`;
    svg += `<text x="${w / 2}" y="${h - 8}" text-anchor="middle" font-size="13">step t (0 … ${d}), ${s.boundaries.length} calls</text>`;
    svg += `<text x="${pad}" y="${pad - 10}" font-size="13">D·L_t: bits per position at step t (max ${maxL.toFixed(2)})</text>`;
    $("pol-plot").innerHTML = svg;
    $("pol-plot").dataset.calls = s.boundaries.length;
    status("pol-status", s.boundaries.length + " calls: expected " + s.expectedBitsPerSymbol.toFixed(3) + " bits per symbol under this policy"
      + (r.stages.length > 1 ? " (first of " + r.stages.length + " stages)" : ""));
  } catch (e) {
    status("pol-status", e.message, true);
  }
}

for (const id of ["gen-budget", "inf-budget", "pol-budget"]) {
  $(id).oninput = () => { $(id + "-value").textContent = $(id).value; if (id === "pol-budget") drawPolicy(); };
}
document.querySelectorAll("nav button").forEach((b) => b.onclick = () => {
  document.querySelectorAll("nav button, .screen").forEach((el) => el.classList.remove("active"));
  b.classList.add("active");
  $(b.dataset.screen).classList.add("active");
  if (b.dataset.screen === "policy") drawPolicy();
});
$("model").onchange = modelChanged;
loadModels().catch((e) => status("gen-status", "could not list the models: " + e.message, true));
