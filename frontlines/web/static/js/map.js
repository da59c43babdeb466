// The Leaflet map: country outlines (vendored world-atlas) or optional tiles, clustered event
// markers coloured by type and sized by fatalities, and the control layer.
/* global L, topojson */
import { el, colourOf, getJSON, typeClass } from "./dom.js";

export function createMap(container, { tiles, onOpenEvent }) {
  const map = L.map(container, { minZoom: 2, maxZoom: 16 })
    .setView([35, 38], 6);
  map.attributionControl.setPrefix(false);
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  }
  drawOutlines(map, !tiles);
  const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
  const control = L.layerGroup();
  map.addLayer(clusters);
  map.addLayer(control);
  return { map, clusters, control, onOpenEvent, markers: new Map() };
}

async function drawOutlines(map, filled) {
  const topo = await getJSON("/static/vendor/world-atlas/countries-110m.json");
  const countries = topojson.feature(topo, topo.objects.countries);
  countries.features = countries.features.filter((f) => f.properties.name !== "Antarctica");
  countries.features.forEach(unwrapAntimeridian);
  L.geoJSON(countries, {
    interactive: false,
    style: { color: "#8a8a8a", weight: 1, fillColor: "#f3f1ea", fillOpacity: filled ? 1 : 0 },
  }).addTo(map).bringToBack();
}

// Leaflet draws on a flat plane: a country whose rings jump from +180 to -180 (Russia, Fiji)
// would be drawn with lines across the whole world. Moving its western points east by 360
// degrees keeps each ring contiguous.
function unwrapAntimeridian(feature) {
  const rings = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const lons = rings.flat(2).map((point) => point[0]);
  if (!(lons.some((x) => x > 170) && lons.some((x) => x < -170))) return;
  for (const polygon of rings) for (const ring of polygon) for (const point of ring) if (point[0] < 0) point[0] += 360;
}

// [minlon, minlat, maxlon, maxlat] of the view, clamped to the valid range the API accepts.
export function viewBox(map) {
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
    clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
}

export function markerSize(fatalities) {
  return Math.round(Math.min(44, 14 + 4 * Math.sqrt(fatalities || 0)));
}

// Markers follow the features by event id: those still selected stay (an open popup stays
// open while the map pans), the others go, the new ones are added.
export function showEvents(view, features) {
  const wanted = new Map(features.filter((f) => f.geometry).map((f) => [String(f.id), f]));
  const gone = [...view.markers.entries()].filter(([id]) => !wanted.has(id));
  view.clusters.removeLayers(gone.map(([, marker]) => marker));
  gone.forEach(([id]) => view.markers.delete(id));
  const added = [];
  for (const [id, feature] of wanted) {
    if (view.markers.has(id)) continue;
    const marker = markerFor(feature, view.onOpenEvent);
    view.markers.set(id, marker);
    added.push(marker);
  }
  view.clusters.addLayers(added);
  return wanted.size;
}

function markerFor(feature, onOpenEvent) {
  const [lon, lat] = feature.geometry.coordinates;
  const p = feature.properties;
  const size = markerSize(p.fatalities);
  const icon = L.divIcon({ className: `ev ${typeClass(p.event_type)}`, iconSize: [size, size] });
  const label = `${p.event_date || "?"} ${p.sub_event_type} at ${p.location || "?"}, ${p.fatalities} fatalities`;
  const marker = L.marker([lat, lon], { icon, title: label, alt: label, keyboard: true });
  marker.on("add", () => marker.getElement()?.setAttribute("data-event-id", p.id));
  marker.bindPopup(() => popupFor(p, onOpenEvent), { maxWidth: 360, minWidth: 260 });
  return marker;
}

function popupFor(p, onOpenEvent) {
  const evidence = el("blockquote", { class: "evidence" }, "loading the evidence…");
  const box = el("div", { class: "popup", "data-event-id": p.id },
    el("h3", {}, `${p.sub_event_type}`),
    el("p", { class: "meta" }, `${p.event_date || "date unknown"} · ${p.location || "place unknown"}, ${p.country || ""}`),
    el("p", {}, `${p.actor1 || "unknown"}${p.actor2 ? ` vs ${p.actor2}` : ""} · ${p.fatalities} fatalities`),
    evidence,
    el("p", {}, el("a", { href: `/events/${encodeURIComponent(p.id)}`, class: "open-event" }, "Open the event")));
  getJSON(`/api/events/${encodeURIComponent(p.id)}`).then((detail) => {
    evidence.replaceChildren(...(detail.evidence.length ? detail.evidence.map((e) => el("p", {}, el("mark", {}, e.text)))
      : [el("p", {}, "no evidence sentence stored")]));
    if (onOpenEvent) onOpenEvent(detail);
  }).catch(() => { evidence.textContent = "could not load the evidence"; });
  return box;
}

export function showControl(view, facts) {
  view.control.clearLayers();
  const actors = new Map();
  for (const fact of facts) {
    if (fact.latitude === null || fact.longitude === null) continue;
    const colour = colourOf(fact.actor);
    actors.set(fact.actor, colour);
    // A fixed size on screen (not metres): a town's control must stay visible at any zoom.
    const shape = L.circleMarker([fact.latitude, fact.longitude], {
      radius: 11, color: colour, fillColor: colour, fillOpacity: fact.status === "controlled" ? 0.35 : 0.12,
      weight: 2, dashArray: fact.status === "controlled" ? null : "4 4", interactive: true,
    });
    shape.bindTooltip(el("span", {}, `${fact.location}: ${fact.actor} (${fact.status}${fact.since ? ` since ${fact.since}` : ""})`));
    view.control.addLayer(shape);
  }
  return actors;
}
