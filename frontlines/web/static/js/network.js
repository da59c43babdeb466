// Actors and their ally / hostile / membership edges as of a day, laid out on a circle (stable,
// readable for the few dozen actors a store names; no physics to wait for).
import { colourOf, svg } from "./dom.js";

const WIDTH = 560;
const HEIGHT = 420;

export function drawNetwork(node, relations, selected, onSelect) {
  node.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  node.replaceChildren();
  const names = [...new Set(relations.flatMap((r) => [r.actor_a, r.actor_b]))].sort();
  if (!names.length) {
    node.append(svg("text", { x: WIDTH / 2, y: HEIGHT / 2, class: "empty" }, "no relations as of this day"));
    return;
  }
  const place = layout(names);
  const edges = svg("g", { class: "edges" });
  for (const r of relations) {
    const a = place.get(r.actor_a); const b = place.get(r.actor_b);
    edges.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `edge ${r.relation}`,
      "stroke-width": Math.min(6, 1 + Math.log2(1 + r.weight)).toFixed(1),
      "data-a": r.actor_a, "data-b": r.actor_b, "data-relation": r.relation },
    svg("title", {}, `${r.actor_a} — ${r.relation} — ${r.actor_b} (${r.first_seen} to ${r.last_seen})`)));
  }
  node.append(edges);
  for (const name of names) node.append(actorNode(name, place.get(name), name === selected, onSelect));
}

function layout(names) {
  // Room for the labels beside the circle: they run outwards, left or right of their node.
  const r = Math.min(HEIGHT / 2 - 24, WIDTH / 2 - 150);
  const place = new Map();
  names.forEach((name, i) => {
    const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
    place.set(name, { x: +(WIDTH / 2 + r * Math.cos(angle)).toFixed(1), y: +(HEIGHT / 2 + r * Math.sin(angle)).toFixed(1), angle });
  });
  return place;
}

function actorNode(name, p, isSelected, onSelect) {
  const right = Math.cos(p.angle) >= 0;
  const group = svg("g", { class: `actor${isSelected ? " selected" : ""}`, role: "button", tabindex: 0,
    "aria-pressed": isSelected ? "true" : "false", "aria-label": `filter the map by ${name}`, "data-actor": name },
  svg("circle", { cx: p.x, cy: p.y, r: 7, fill: colourOf(name) }),
  svg("text", { x: p.x + (right ? 10 : -10), y: p.y + 4, class: right ? "label" : "label end" }, shorten(name)),
  svg("title", {}, name));
  const choose = () => onSelect(isSelected ? null : name);
  group.addEventListener("click", choose);
  group.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
  });
  return group;
}

function shorten(name) {
  return name.length > 26 ? `${name.slice(0, 25)}…` : name;
}
