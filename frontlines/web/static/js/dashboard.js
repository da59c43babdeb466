// The dashboard: one state (date range, filters, selected actor) drives the map, the control
// layer and the network; the timeline and the sliders both set the date range.
import { EVENT_TYPES, addDays, daysBetween, el, getJSON, svg, typeClass } from "./dom.js";
import { createMap, showControl, showEvents, viewBox } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawTimeline } from "./timeline.js";

const MAX_MARKERS = 1000;
const $ = (id) => document.getElementById(id);

const state = { min: null, max: null, from: null, to: null, actor: null, fitted: false };
let view = null;
let timeline = null;
let loadSeq = 0;

function params(extra = {}) {
  const p = new URLSearchParams();
  if (state.from) p.set("date_from", state.from);
  if (state.to) p.set("date_to", state.to);
  if ($("event-type").value) p.set("event_type", $("event-type").value);
  if ($("country").value) p.set("country", $("country").value);
  if (state.actor) p.set("actor", state.actor);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

async function loadEvents() {
  const seq = ++loadSeq;
  const extra = { format: "geojson", limit: String(MAX_MARKERS) };
  if (state.fitted) extra.bbox = viewBox(view.map);
  const status = $("status");
  status.textContent = "Loading events…";
  status.dataset.state = "loading";
  const data = await getJSON(`/api/events?${params(extra)}`);
  if (seq !== loadSeq) return; // a newer request already answered
  const shown = showEvents(view, data.features);
  if (!state.fitted) fitTo(data.features);
  const more = data.total > data.features.length ? ` (of ${data.total}${data.total_exact ? "" : "+"}: zoom in or narrow the dates)` : "";
  status.textContent = `${shown} events on the map${more}, ${state.from} to ${state.to}${state.actor ? `, actor ${state.actor}` : ""}`;
  status.dataset.shown = String(shown);
  status.dataset.total = String(data.total); // every match, not just the markers drawn
  status.dataset.state = "ready";
}

// Frame the events once (and again when the country changes). Not animated, so the moveend it
// fires runs while state.fitted is still false and does not reload what was just loaded.
function fitTo(features) {
  const points = features.filter((f) => f.geometry).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  if (points.length) view.map.fitBounds(points, { padding: [30, 30], maxZoom: 8, animate: false });
  state.fitted = true;
}

let controlSeq = 0;

async function loadControl() {
  const seq = ++controlSeq;
  const list = $("control-legend");
  view.control.clearLayers();
  list.replaceChildren();
  if (!$("show-control").checked) return;
  try {
    const data = await getJSON(`/api/control?as_of=${state.to}&limit=1000`);
    if (seq !== controlSeq) return; // a newer request (or the checkbox) took over
    list.replaceChildren();
    const actors = showControl(view, data.items);
    for (const [actor, colour] of actors) {
      const swatch = el("span", { class: "swatch", "data-colour": colour });
      swatch.style.background = colour; // CSSOM, allowed by the style-src policy
      list.append(el("li", {}, swatch, actor));
    }
  } catch (error) {
    if (seq !== controlSeq) return;
    list.replaceChildren(el("li", {}, error.status === 501 ? "control: not available in this build" : "control: could not load"));
  }
}

let networkSeq = 0;

async function loadNetwork() {
  const seq = ++networkSeq;
  $("network-date").textContent = state.to;
  const node = $("network");
  try {
    const data = await getJSON(`/api/relations?as_of=${state.to}&limit=1000`);
    if (seq !== networkSeq) return; // an answer for an older date
    drawNetwork(node, data.items, state.actor, selectActor);
    node.dataset.state = "ready";
    $("network-note").textContent = "";
  } catch (error) {
    node.replaceChildren(svg("text", { x: "50%", y: "50%", class: "empty" },
      error.status === 501 ? "relations are not available in this build" : "could not load the relations"));
    node.dataset.state = error.status === 501 ? "unavailable" : "error";
    $("network-note").textContent = error.status === 501 ? "(not available in this build)" : "(could not load)";
  }
}

function selectActor(name) {
  state.actor = name;
  $("actor-filter").hidden = !name;
  $("actor-name").textContent = name || "";
  state.fitted = false; // frame the actor's events (or all of them again)
  refresh({ network: true });
}

function setRange(from, to) {
  state.from = from < state.min ? state.min : from;
  state.to = to > state.max ? state.max : to;
  $("from").value = String(daysBetween(state.min, state.from));
  $("to").value = String(daysBetween(state.min, state.to));
  showRange();
}

function showRange() {
  $("from-label").textContent = state.from;
  $("to-label").textContent = state.to;
  if (timeline) timeline.show(state.from, state.to);
}

function refresh({ network = true } = {}) {
  loadEvents().catch((error) => { $("status").textContent = `could not load events (${error.message})`; });
  loadControl();
  if (network) loadNetwork();
}

function sliderMoved(which) {
  let from = addDays(state.min, Number($("from").value));
  let to = addDays(state.min, Number($("to").value));
  if (from > to) { if (which === "from") to = from; else from = to; }
  setRange(from, to);
}

function drawLegend() {
  const legend = $("legend");
  for (const type of EVENT_TYPES) legend.append(el("li", {}, el("span", { class: `swatch ${typeClass(type)}` }), type));
}

// The first week of the range: a few events misdated decades back would squeeze the whole
// timeline into a sliver, so the range starts after the last long gap (half a year without
// events) that has at most 5% of the events before it.
function robustStart(buckets) {
  const weeks = new Map();
  for (const b of buckets) weeks.set(b.period, (weeks.get(b.period) || 0) + b.events);
  const sorted = [...weeks.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const total = sorted.reduce((n, [, k]) => n + k, 0);
  let start = sorted[0][0];
  let seen = 0;
  for (let i = 1; i < sorted.length; i++) {
    seen += sorted[i - 1][1];
    if (seen > total * 0.05) break;
    if (daysBetween(sorted[i - 1][0], sorted[i][0]) > 180) start = sorted[i][0];
  }
  return start;
}

async function start() {
  const mapNode = $("map");
  view = createMap(mapNode, { tiles: mapNode.dataset.tiles || null });
  drawLegend();
  const all = await getJSON("/api/timeline?interval=week");
  const periods = all.buckets.map((b) => b.period).sort();
  if (!periods.length) {
    $("status").textContent = "The store holds no events yet: ingest some articles.";
    $("status").dataset.state = "empty";
    return;
  }
  state.min = robustStart(all.buckets);
  const earlier = all.buckets.filter((b) => b.period < state.min).reduce((n, b) => n + b.events, 0);
  if (earlier) $("range-note").textContent = `${earlier} events dated before ${state.min} (back to ${periods[0]}) are left out of the range`;
  state.max = addDays(periods[periods.length - 1], 6);
  for (const id of ["from", "to"]) $(id).max = String(daysBetween(state.min, state.max));
  const redrawTimeline = () => {
    timeline = drawTimeline($("timeline"), all.buckets, { min: state.min, max: state.max }, (from, to) => {
      setRange(from, to);
      refresh();
    });
    showRange();
  };
  setRange(state.min, state.max);
  redrawTimeline();
  for (const id of ["from", "to"]) {
    $(id).addEventListener("input", () => sliderMoved(id));
    $(id).addEventListener("change", () => { sliderMoved(id); refresh(); });
  }
  $("event-type").addEventListener("change", () => refresh({ network: false }));
  $("country").addEventListener("change", () => { state.fitted = false; refresh({ network: false }); });
  $("show-control").addEventListener("change", loadControl);
  $("clear-actor").addEventListener("click", () => selectActor(null));
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  view.map.on("moveend", () => { if (state.fitted) loadEvents(); });
  refresh();
}

start().catch((error) => {
  $("status").textContent = `could not start the dashboard (${error && error.message ? error.message : error})`;
  console.error(error);
});
