// Overview: how much is stored, events over time by QuadClass, the most active dyads,
// the latest events, and article search (?q=words).

import { csvHref, getJSON, showError } from "../api.js";
import { periodBars } from "../charts.js";
import { EventList } from "../events.js";
import {
  QUADS, articleHref, byId, clear, countryName, dyadHref, formatGoldstein, formatNumber, goldsteinClass, h, humanise, legend,
  loadCountryNames, markNavigation, periodBounds, periodLabel, quadBar,
} from "../dom.js";

const latest = new EventList(byId("latest-events"), { pageSize: 20 });
let selectedPeriod = null;
let volume = null;

function showRoots(stats) {
  const container = byId("roots");
  clear(container);
  const most = Math.max(1, ...stats.by_root.map((root) => root.count));
  container.append(h("table", { class: "roots" },
    h("thead", {}, h("tr", {}, h("th", {}, "Root"), h("th", {}, "Name"), h("th", { class: "num" }, "Events"), h("th", {}))),
    h("tbody", {}, stats.by_root.map((root) => {
      const bar = h("span", { class: "mini-bar" }, h("span", { class: "q1" }));
      bar.firstChild.style.width = `${(100 * root.count) / most}%`;
      return h("tr", {}, h("td", { class: "code" }, root.key), h("td", {}, humanise((root.name || "").toLowerCase())),
        h("td", { class: "num" }, formatNumber(root.count)), h("td", {}, bar));
    }))));
  container.dataset.state = "drawn";
}

function showStats(stats) {
  const cards = byId("stats");
  clear(cards);
  for (const [value, label] of [
    [stats.articles, "articles"], [stats.events, "events"], [stats.mentions, "mentions"],
    [stats.facts, "figures"], [stats.actors, "actors"],
  ]) {
    cards.append(h("div", { class: "card" }, h("div", { class: "value" }, formatNumber(value)), h("div", { class: "label" }, label)));
  }
}

function periodChip(interval) {
  const chip = byId("period-chip");
  clear(chip);
  if (!selectedPeriod) return;
  chip.append(h("span", { class: "chip" }, periodLabel(selectedPeriod, interval),
    h("button", { type: "button", title: "all periods", onclick: () => choosePeriod(null) }, "✕")));
}

function choosePeriod(point) {
  const interval = byId("interval").value;
  selectedPeriod = point ? point.period : null;
  if (volume) volume.select(selectedPeriod);
  periodChip(interval);
  latest.show(selectedPeriod ? periodBounds(selectedPeriod, interval) : {});
}

async function drawVolume() {
  const container = byId("volume-chart");
  const interval = byId("interval").value;
  container.dataset.state = "loading";
  try {
    const series = await getJSON("/api/series", { interval });
    volume = periodBars(container, {
      points: series.points, interval, onSelect: choosePeriod, selected: selectedPeriod,
      label: "Events per period by QuadClass",
    });
  } catch (error) {
    showError(container, error);
  }
}

async function showDyads() {
  const container = byId("dyads");
  try {
    const body = await getJSON("/api/dyads", { limit: 15 });
    clear(container);
    if (!body.dyads.length) {
      container.append(h("p", { class: "message" }, "No events between two countries yet."));
    } else {
      container.append(h("table", { class: "dyads" },
        h("thead", {}, h("tr", {}, h("th", {}, "Dyad"), h("th", { class: "num" }, "Events"), h("th", {}, "QuadClass"),
          h("th", { class: "num" }, "Goldstein"), h("th", {}, "Latest"))),
        h("tbody", {}, body.dyads.map((dyad) => h("tr", { dataset: { dyad: dyad.dyad } },
          h("td", {}, h("a", { href: dyadHref(dyad.first, dyad.second), title: dyad.dyad },
            `${countryName(dyad.first)} – ${countryName(dyad.second)}`)),
          h("td", { class: "num" }, formatNumber(dyad.events)),
          h("td", {}, quadBar(dyad)),
          h("td", { class: ["num", goldsteinClass(dyad.goldstein_mean)] }, formatGoldstein(dyad.goldstein_mean)),
          h("td", { class: "nowrap" }, dyad.last_day || "–"))))),
      h("p", {}, h("a", { href: csvHref("/api/dyads", { limit: 1000 }) }, "CSV of the top 1,000")));
    }
    container.dataset.state = "drawn";
  } catch (error) {
    showError(container, error);
  }
}

async function showSearch(words) {
  const panel = byId("search-panel");
  const container = byId("search-results");
  panel.classList.remove("hidden");
  byId("search-words").textContent = words;
  document.querySelector('.top input[name="q"]').value = words;
  try {
    const body = await getJSON("/api/search", { q: words, limit: 50 });
    clear(container);
    if (!body.hits.length) container.append(h("p", { class: "message" }, "No article contains these words."));
    container.append(h("ul", { class: "item-list" }, body.hits.map((hit) => h("li", {},
      h("a", { href: articleHref(hit.article.article_id) }, hit.article.title || hit.article.article_id),
      h("span", { class: "muted" }, ` · ${hit.article.outlet || "unknown outlet"} · ${hit.article.published || "undated"}`),
      h("div", { class: "quote" }, `…${hit.snippet}…`)))));
    container.dataset.state = "drawn";
  } catch (error) {
    showError(container, error);
  }
}

async function main() {
  markNavigation("/");
  byId("quad-legend").append(legend(QUADS));
  byId("interval").addEventListener("change", () => {
    selectedPeriod = null;
    periodChip(byId("interval").value);
    drawVolume();
    latest.show({});
  });
  const words = new URLSearchParams(window.location.search).get("q");
  if (words && words.trim()) showSearch(words.trim());
  try {
    await loadCountryNames(getJSON);
  } catch (error) {
    showError(byId("dyads"), error);
  }
  getJSON("/api/stats").then(
    (stats) => {
      showStats(stats);
      showRoots(stats);
    },
    (error) => {
      showError(byId("stats"), error);
      showError(byId("roots"), error);
    },
  );
  drawVolume();
  showDyads();
  latest.show({});
}

main();
