// Map page (/map): where events happened. Country outlines come from the vendored
// world-atlas file (Natural Earth, public domain) through topojson-client; they are
// drawn in the Equal Earth projection, which keeps areas true, by the code below.
// Each place is a circle; choosing one lists its newest events, each linked to its
// sentence.

import { getJSON, showError } from "../api.js";
import {
  byId, clear, countryName, eventHref, formatGoldstein, formatNumber, goldsteinClass, h, loadCountryNames,
  markNavigation, quadBar, s,
} from "../dom.js";

const WIDTH = 800;
// Equal Earth (Šavrič, Patterson and Jenny 2018): x reaches ±2.7066 and y ±1.3173 at the edges.
const [A1, A2, A3, A4] = [1.340264, -0.081106, 0.000893, 0.003796];
const M = Math.sqrt(3) / 2;
const SCALE = WIDTH / (2 * 2.7066);
const HEIGHT = Math.ceil(2 * 1.3173 * SCALE);
const form = byId("filters");
let selected = null;

function project(lon, lat) {
  const lambda = (lon * Math.PI) / 180;
  const theta = Math.asin(M * Math.sin((lat * Math.PI) / 180));
  const t2 = theta * theta;
  const t6 = t2 * t2 * t2;
  const x = (lambda * Math.cos(theta)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [WIDTH / 2 + x * SCALE, HEIGHT / 2 - y * SCALE];
}

function pathOf(points) {
  return points.map(([lon, lat], index) => {
    const [x, y] = project(lon, lat);
    return `${index ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
  }).join("") + "Z";
}

/** A ring's path. A ring that crosses the antimeridian (Fiji, Chukotka) is unwrapped
 *  into one continuous ring past ±180° and drawn on both sides; the map's clip to the
 *  globe's outline cuts off what lies beyond, instead of a line across the world. */
function ringPath(ring) {
  const unwrapped = [];
  let shift = 0;
  ring.forEach(([lon, lat], index) => {
    if (index) {
      const previous = ring[index - 1][0];
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    unwrapped.push([lon + shift, lat]);
  });
  const longitudes = unwrapped.map(([lon]) => lon);
  if (Math.max(...longitudes) > 180) return pathOf(unwrapped) + pathOf(unwrapped.map(([lon, lat]) => [lon - 360, lat]));
  if (Math.min(...longitudes) < -180) return pathOf(unwrapped) + pathOf(unwrapped.map(([lon, lat]) => [lon + 360, lat]));
  return pathOf(unwrapped);
}

function outline() {
  const east = [...Array(181).keys()].map((i) => [180, 90 - i]);
  const west = [...Array(181).keys()].map((i) => [-180, -90 + i]);
  return pathOf([...east, ...west]);
}

function geometryPath(geometry) {
  if (!geometry) return "";
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.map((polygon) => polygon.map(ringPath).join("")).join("");
}

function tone(place) {
  return place.goldstein_mean > 0.5 ? "coop" : place.goldstein_mean < -0.5 ? "conflict" : "neutral";
}

function placeName(place) {
  const country = place.country ? countryName(place.country) : null;
  if (!place.name) return country || "unnamed place";
  return country && country !== place.name ? `${place.name}, ${country}` : place.name;
}

function showPlace(place) {
  selected = place;
  for (const circle of document.querySelectorAll(".world .place")) {
    circle.classList.toggle("selected", circle.dataset.key === `${place.lat},${place.lon}`);
  }
  const panel = byId("place-detail");
  clear(panel);
  panel.dataset.place = `${place.lat},${place.lon}`;
  panel.append(
    h("h2", {}, placeName(place)),
    h("p", {}, `${formatNumber(place.events)} events · mean Goldstein `,
      h("span", { class: goldsteinClass(place.goldstein_mean) }, formatGoldstein(place.goldstein_mean)), " ", quadBar(place)),
    h("h3", {}, "Newest events"),
    h("ul", { class: "item-list" }, place.latest.map((event) => h("li", {},
      h("a", { href: eventHref(event), class: "event-link", dataset: { eventId: event.event_id } },
        `${event.date || "undated"} · ${event.cameo} ${event.event_name}`),
      h("span", { class: "muted" }, ` · ${event.source_code || "?"} → ${event.target_code || "?"}`)))),
  );
}

function drawMap(container, land, places) {
  clear(container);
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "World map of event places", class: "world" });
  const globe = outline();
  svg.append(
    s("clipPath", { id: "globe" }, s("path", { d: globe })),
    s("path", { class: "sea", d: globe }),
  );
  const countries = s("g", { class: "countries", "clip-path": "url(#globe)" });
  for (const feature of land.features) {
    const shape = s("path", { class: "land", d: geometryPath(feature.geometry) });
    if (feature.properties && feature.properties.name) shape.append(s("title", {}, feature.properties.name));
    countries.append(shape);
  }
  svg.append(countries);
  const most = Math.max(1, ...places.map((place) => place.events));
  const circles = s("g", { class: "places" });
  // Largest first, so that smaller circles stay on top and can be clicked.
  for (const place of [...places].sort((a, b) => b.events - a.events)) {
    const [x, y] = project(place.lon, place.lat);
    const circle = s("circle", {
      class: ["place", tone(place)], cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 12 * Math.sqrt(place.events / most)).toFixed(1),
      tabindex: 0, role: "button",
      dataset: { key: `${place.lat},${place.lon}`, events: String(place.events), name: place.name || "" },
    });
    circle.append(s("title", {}, `${placeName(place)}: ${place.events} events`));
    circle.addEventListener("click", () => showPlace(place));
    circle.addEventListener("keydown", (event) => {
      if (event.key === "Enter") showPlace(place);
    });
    circles.append(circle);
  }
  svg.append(circles);
  container.append(svg);
  container.dataset.state = "drawn";
  container.dataset.points = String(places.length);
}

function drawTable(container, places) {
  clear(container);
  if (!places.length) {
    container.append(h("p", { class: "message" }, "No events with a known place match."));
  } else {
    container.append(h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Place"), h("th", { class: "num" }, "Events"), h("th", { class: "num" }, "Goldstein"))),
      h("tbody", {}, places.map((place) => h("tr", {},
        h("td", {}, h("a", { href: "#", onclick: (event) => { event.preventDefault(); showPlace(place); } }, placeName(place))),
        h("td", { class: "num" }, formatNumber(place.events)),
        h("td", { class: ["num", goldsteinClass(place.goldstein_mean)] }, formatGoldstein(place.goldstein_mean)))))));
  }
  container.dataset.state = "drawn";
}

function filters() {
  const data = new FormData(form);
  return Object.fromEntries(["dyad", "country", "quad", "since", "until"].map((name) => [name, (data.get(name) || "").trim()]));
}

async function load(land) {
  const world = byId("world");
  const table = byId("place-table");
  try {
    const body = await getJSON("/api/places", { ...filters(), limit: 500, latest: 5 });
    drawMap(world, land, body.places);
    drawTable(table, body.places);
    if (selected) {
      const again = body.places.find((place) => place.lat === selected.lat && place.lon === selected.lon);
      if (again) showPlace(again);
    }
  } catch (error) {
    showError(world, error);
    clear(table);
  }
}

async function main() {
  markNavigation("/map");
  const query = new URLSearchParams(window.location.search);
  for (const name of ["dyad", "country", "quad", "since", "until"]) if (query.has(name)) form.elements[name].value = query.get(name);
  let land;
  try {
    const [topology] = await Promise.all([
      fetch("/static/vendor/world-atlas/countries-110m.json").then((response) => response.json()),
      loadCountryNames(getJSON),
    ]);
    land = window.topojson.feature(topology, topology.objects.countries);
  } catch (error) {
    showError(byId("world"), error);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const search = new URLSearchParams(Object.entries(filters()).filter(([, value]) => value)).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
    load(land);
  });
  await load(land);
}

main();
