// Small helpers every page uses: building elements, formatting, labels, links.
// Text from the database always goes in as text nodes (never as HTML), so an article
// that contains markup shows it as words and cannot run anything.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function setAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  return element;
}

/** An HTML element: h("a", {href: "/"}, "Overview"). */
export function h(tag, attrs, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** An SVG element: s("rect", {x: 0, y: 0, width: 10, height: 10}). */
export function s(tag, attrs, ...children) {
  return append(setAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

// -- QuadClass ---------------------------------------------------------------------

export const QUADS = [
  { key: "quad_1", cls: "q1", label: "Verbal cooperation" },
  { key: "quad_2", cls: "q2", label: "Material cooperation" },
  { key: "quad_3", cls: "q3", label: "Verbal conflict" },
  { key: "quad_4", cls: "q4", label: "Material conflict" },
];

export function legend(items) {
  return h("div", { class: "legend" },
    items.map((item) => h("span", {}, h("span", { class: ["swatch", item.cls] }), item.label)));
}

/** A small bar of an item's events per QuadClass (dyads, partners). */
export function quadBar(counts) {
  const total = QUADS.reduce((sum, quad) => sum + (counts[quad.key] || 0), 0) || 1;
  const bar = h("span", { class: "mini-bar", title: QUADS.map((q) => `${q.label}: ${counts[q.key] || 0}`).join("\n") });
  for (const quad of QUADS) {
    const part = h("span", { class: quad.cls });
    part.style.width = `${(100 * (counts[quad.key] || 0)) / total}%`;
    bar.append(part);
  }
  return bar;
}

// -- formatting ----------------------------------------------------------------------

const numberFormat = new Intl.NumberFormat("en");

export function formatNumber(value) {
  return value === null || value === undefined ? "–" : numberFormat.format(value);
}

export function formatGoldstein(value) {
  if (value === null || value === undefined) return "–";
  return (value > 0 ? "+" : "") + value.toFixed(1);
}

export function goldsteinClass(value) {
  if (value === null || value === undefined || value === 0) return null;
  return value > 0 ? "goldstein-pos" : "goldstein-neg";
}

const SCALES = [[1e12, "tn"], [1e9, "bn"], [1e6, "mn"]];

/** A figure as a person writes it: 4.1 bn USD, 2,000 troops. */
export function formatAmount(value, currency, unit) {
  let number = numberFormat.format(value);
  for (const [factor, word] of SCALES) {
    if (Math.abs(value) >= factor) {
      number = `${new Intl.NumberFormat("en", { maximumSignificantDigits: 3 }).format(value / factor)} ${word}`;
      break;
    }
  }
  const measure = currency || (unit ? unit.replaceAll("_", " ") : "");
  return `${number} ${measure}`.trim();
}

export function humanise(word) {
  if (!word) return "";
  const text = word.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A period's label: 2022, Jul 2022, week of 2022-07-18, 2022-07-18. */
export function periodLabel(period, interval) {
  const [year, month] = period.split("-");
  if (interval === "year") return year;
  if (interval === "month") return `${MONTHS[Number(month) - 1]} ${year}`;
  if (interval === "week") return `week of ${period}`;
  return period;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The first and last day of the period that starts on ``period`` (YYYY-MM-DD). */
export function periodBounds(period, interval) {
  const start = new Date(`${period}T00:00:00Z`);
  const end = new Date(start);
  if (interval === "year") end.setUTCFullYear(end.getUTCFullYear() + 1);
  else if (interval === "month") end.setUTCMonth(end.getUTCMonth() + 1);
  else if (interval === "week") end.setUTCDate(end.getUTCDate() + 7);
  else end.setUTCDate(end.getUTCDate() + 1);
  end.setUTCDate(end.getUTCDate() - 1);
  return { since: isoDay(start), until: isoDay(end) };
}

// -- names and links -------------------------------------------------------------------

let countryNames = new Map();

/** Load the names of country codes once per page (AZE -> Azerbaijan). */
export async function loadCountryNames(getJSON) {
  const body = await getJSON("/api/countries");
  countryNames = new Map(body.countries.map((country) => [country.code, country.name]));
  return countryNames;
}

export function countryName(code) {
  return countryNames.get(code) || code;
}

/** What to call an actor: its name; else its country and role ("Turkey · President")
 *  or sector; else its code. */
export function actorLabel(ref) {
  if (!ref) return "–";
  if (ref.name) return ref.name;
  if (!ref.country) return ref.code;
  const country = countryName(ref.country);
  if (ref.kind === "country" || ref.code === ref.country) return country;
  if (ref.role) return `${country} · ${ref.role}`;
  return ref.sector ? `${country} · ${ref.sector}` : ref.code;
}

export function actorHref(actorId) {
  // The colon of "person:ilham-aliyev" is safe in a path; keeping it keeps the address readable.
  return `/actor/${encodeURIComponent(actorId).replaceAll("%3A", ":")}`;
}

export function articleHref(articleId, fragment) {
  const path = `/article/${articleId.split("/").map(encodeURIComponent).join("/")}`;
  return fragment ? `${path}#${fragment}` : path;
}

export function eventHref(event) {
  return articleHref(event.article_id, `event-${event.event_id}`);
}

export function dyadHref(first, second) {
  return `/dyad/${encodeURIComponent(first)}-${encodeURIComponent(second)}`;
}

/** An actor as a link to its page, with its code and role as a tooltip. */
export function actorLink(ref) {
  if (!ref) return h("span", { class: "muted" }, "–");
  const title = [ref.code, ref.role].filter(Boolean).join(" · ");
  if (!ref.actor_id) return h("span", { title }, actorLabel(ref));
  return h("a", { href: actorHref(ref.actor_id), title }, actorLabel(ref));
}

/** Mark the navigation link of the page we are on. */
export function markNavigation(path) {
  for (const link of document.querySelectorAll(".top nav a")) {
    if (link.getAttribute("href") === path) link.setAttribute("aria-current", "page");
  }
}
