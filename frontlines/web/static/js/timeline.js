// Events per week as bars stacked by type, fatalities as a line; dragging across it picks a
// date range (the "brush"), which the dashboard applies to the map.
import { EVENT_TYPES, addDays, daysBetween, svg, typeClass } from "./dom.js";

const HEIGHT = 170;
const PAD = { left: 34, right: 34, top: 10, bottom: 22 };

export function drawTimeline(node, buckets, range, onBrush) {
  const width = Math.max(260, node.clientWidth || 360);
  node.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
  node.replaceChildren();
  if (!buckets.length) return;
  const weeks = groupByWeek(buckets);
  const span = Math.max(1, daysBetween(range.min, addDays(range.max, 1)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (day) => PAD.left + (daysBetween(range.min, day) / span) * plotW;
  const maxEvents = Math.max(1, ...weeks.map((w) => w.events));
  const maxDead = Math.max(1, ...weeks.map((w) => w.fatalities));
  const barW = Math.max(1.5, (7 / span) * plotW - 0.5);
  for (const week of weeks) {
    let y = PAD.top + plotH;
    for (const type of [...EVENT_TYPES, ...Object.keys(week.byType).filter((t) => !EVENT_TYPES.includes(t))]) {
      const n = week.byType[type];
      if (!n) continue;
      const h = (n / maxEvents) * plotH;
      y -= h;
      node.append(svg("rect", { x: x(week.period).toFixed(1), y: y.toFixed(1), width: barW.toFixed(1),
        height: h.toFixed(1), class: `bar ${typeClass(type)}` },
      svg("title", {}, `week of ${week.period}: ${n} ${type}`)));
    }
  }
  // Fatalities on a square-root scale: one report of "thousands killed since 2011" would
  // otherwise flatten every other week to zero.
  const deadY = (n) => PAD.top + plotH - Math.sqrt(n / maxDead) * plotH;
  const line = withEmptyWeeks(weeks).map((w) => `${(x(w.period) + barW / 2).toFixed(1)},${deadY(w.fatalities).toFixed(1)}`);
  node.append(svg("polyline", { points: line.join(" "), class: "fatalities" }, svg("title", {}, "fatalities per week (square-root scale)")));
  drawAxes(node, range, x, maxEvents, maxDead, width, plotH);
  const selection = svg("rect", { class: "brush", y: PAD.top, height: plotH, x: PAD.left, width: 0 });
  node.append(selection);
  const dayAt = (clientX) => {
    const box = node.getBoundingClientRect();
    const px = ((clientX - box.left) / box.width) * width;
    const f = Math.min(1, Math.max(0, (px - PAD.left) / plotW));
    return addDays(range.min, Math.round(f * (span - 1)));
  };
  const show = (from, to) => {
    const a = x(from); const b = x(addDays(to, 1));
    selection.setAttribute("x", a.toFixed(1));
    selection.setAttribute("width", Math.max(1, b - a).toFixed(1));
  };
  attachBrush(node, dayAt, show, onBrush);
  return { show };
}

function groupByWeek(buckets) {
  const weeks = new Map();
  for (const b of buckets) {
    const w = weeks.get(b.period) || { period: b.period, events: 0, fatalities: 0, byType: {} };
    w.events += b.events;
    w.fatalities += b.fatalities;
    w.byType[b.event_type] = (w.byType[b.event_type] || 0) + b.events;
    weeks.set(b.period, w);
  }
  return [...weeks.values()].sort((a, b) => a.period.localeCompare(b.period));
}

// Weeks without events have no bucket; the fatality line must drop to zero across such a gap
// rather than draw a slope from the last week before it to the first after.
function withEmptyWeeks(weeks) {
  const points = [];
  weeks.forEach((w, i) => {
    const previous = weeks[i - 1];
    if (previous && daysBetween(previous.period, w.period) > 7) {
      points.push({ period: addDays(previous.period, 7), fatalities: 0 });
      if (daysBetween(previous.period, w.period) > 14) points.push({ period: addDays(w.period, -7), fatalities: 0 });
    }
    points.push(w);
  });
  return points;
}

function drawAxes(node, range, x, maxEvents, maxDead, width, plotH) {
  const base = PAD.top + plotH;
  node.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: base, y2: base, class: "axis" }));
  node.append(svg("text", { x: PAD.left, y: HEIGHT - 6, class: "tick" }, range.min));
  node.append(svg("text", { x: width - PAD.right, y: HEIGHT - 6, class: "tick end" }, range.max));
  node.append(svg("text", { x: PAD.left - 4, y: PAD.top + 8, class: "tick end" }, String(maxEvents)));
  node.append(svg("text", { x: width - PAD.right + 4, y: PAD.top + 8, class: "tick dead" }, String(maxDead),
    svg("title", {}, "most fatalities in a week (the line is on a square-root scale)")));
}

function attachBrush(node, dayAt, show, onBrush) {
  let anchor = null;
  node.addEventListener("pointerdown", (event) => {
    anchor = dayAt(event.clientX);
    node.setPointerCapture(event.pointerId);
    show(anchor, anchor);
  });
  node.addEventListener("pointermove", (event) => {
    if (anchor === null) return;
    const day = dayAt(event.clientX);
    show(day < anchor ? day : anchor, day < anchor ? anchor : day);
  });
  node.addEventListener("pointerup", (event) => {
    if (anchor === null) return;
    const day = dayAt(event.clientX);
    const [from, to] = day < anchor ? [day, anchor] : [anchor, day];
    anchor = null;
    onBrush(from, to);
  });
}
