// Building DOM from data. Every piece of data goes in through textContent or setAttribute,
// never innerHTML: article text and actor names are untrusted.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAll(node, attrs);
  node.append(...children.filter((c) => c !== null && c !== undefined).map(asNode));
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAll(node, attrs);
  node.append(...children.filter((c) => c !== null && c !== undefined).map(asNode));
  return node;
}

function setAll(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) throw new Error("attach handlers with addEventListener");
    node.setAttribute(name, String(value));
  }
}

function asNode(child) {
  return child instanceof Node ? child : document.createTextNode(String(child));
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    const error = new Error(`${response.status} from ${url}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// A stable colour per name (actors in the control layer and the network).
const PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
  "#1f78b4", "#b2182b", "#4d4d4d"];

export function colourOf(name) {
  let hash = 0;
  for (const ch of name || "") hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

// ACLED's six event types; the class names carry their colours (frontlines.css).
const TYPE_CLASSES = {
  "Battles": "t-battles",
  "Explosions/Remote violence": "t-explosions",
  "Violence against civilians": "t-civilians",
  "Protests": "t-protests",
  "Riots": "t-riots",
  "Strategic developments": "t-strategic",
};

export function typeClass(eventType) {
  return TYPE_CLASSES[eventType] || "t-other";
}

export const EVENT_TYPES = Object.keys(TYPE_CLASSES);

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}
