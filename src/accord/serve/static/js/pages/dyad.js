// Dyad page (/dyad/AZE-TUR): cooperation against conflict over time, the Goldstein
// trend, the events with filters, and the figures both countries report against their
// targets. Clicking a period in either chart lists that period's events; each event
// links to its sentence in its article. The filters live in the URL, so a view can be
// bookmarked or shared.

import { getJSON, showError } from "../api.js";
import { goldsteinTrend, periodBars, periodLines, targetChart } from "../charts.js";
import { EventList } from "../events.js";
import {
  QUADS, articleHref, byId, clear, countryName, formatAmount, h, humanise, legend, loadCountryNames, periodBounds,
  periodLabel,
} from "../dom.js";

const [first, second] = decodeURIComponent(window.location.pathname.split("/").pop()).split("-");
const dyad = `${first}-${second}`;
const form = byId("filters");
const events = new EventList(byId("dyad-events"));
let charts = [];
let selectedPeriod = null;

/** The form's filters as API parameters (empty ones left out by getJSON). */
function filters() {
  const data = new FormData(form);
  return {
    interval: data.get("interval") || "month",
    root: data.get("root"),
    quad: data.get("quad"),
    since: data.get("since"),
    until: data.get("until"),
    text: (data.get("text") || "").trim(),
    directed: data.get("directed") === "on",
  };
}

function restoreFromUrl() {
  const query = new URLSearchParams(window.location.search);
  for (const name of ["interval", "root", "quad", "since", "until", "text"]) {
    if (query.has(name)) form.elements[name].value = query.get(name);
  }
  form.elements.directed.checked = query.get("directed") === "true";
  selectedPeriod = query.get("period");
}

function saveToUrl() {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters())) {
    if (value && !(name === "interval" && value === "month")) query.set(name, String(value));
  }
  if (selectedPeriod) query.set("period", selectedPeriod);
  const search = query.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

/** The event filters: the form's, narrowed to the chosen period if there is one. */
function eventParams() {
  const { interval, root, quad, since, until, text, directed } = filters();
  const params = { dyad, directed, root, quad, since, until, text };
  if (selectedPeriod) {
    const bounds = periodBounds(selectedPeriod, interval);
    params.since = since && since > bounds.since ? since : bounds.since;
    params.until = until && until < bounds.until ? until : bounds.until;
  }
  return params;
}

function periodChip() {
  const chip = byId("period-chip");
  clear(chip);
  if (!selectedPeriod) return;
  chip.append(h("span", { class: "chip", dataset: { period: selectedPeriod } }, periodLabel(selectedPeriod, filters().interval),
    h("button", { type: "button", title: "all periods", onclick: () => choosePeriod(null) }, "✕")));
}

function choosePeriod(point) {
  selectedPeriod = point ? point.period : null;
  for (const chart of charts) chart.select(selectedPeriod);
  periodChip();
  saveToUrl();
  events.show(eventParams());
}

async function drawSeries() {
  const { interval, root, since, until, directed } = filters();
  const containers = [byId("coop-conflict-chart"), byId("goldstein-chart")];
  for (const container of containers) container.dataset.state = "loading";
  try {
    const series = await getJSON(`/api/dyads/${dyad}/series`, { interval, root, since, until, directed });
    const points = series.points;
    const trend = goldsteinTrend(points);
    charts = [
      periodBars(containers[0], {
        points, interval, diverging: true, onSelect: choosePeriod, selected: selectedPeriod,
        label: `Cooperation (above) against conflict (below) between ${dyad} per ${interval}`,
      }),
      periodLines(containers[1], {
        points, interval, domain: [-10, 10], onSelect: choosePeriod, selected: selectedPeriod,
        label: `Mean Goldstein score of ${dyad} events per ${interval}`,
        lines: [
          { cls: "goldstein", label: "mean Goldstein", dots: true, value: (point) => point.goldstein_mean },
          { cls: "trend", label: "trend", value: (point) => trend[points.indexOf(point)] },
        ],
      }),
    ];
    const total = points.reduce((sum, point) => sum + point.events, 0);
    byId("dyad-sub").textContent = points.length
      ? `${dyad} · ${total} dated events from ${periodLabel(points[0].period, interval)} to ${periodLabel(points[points.length - 1].period, interval)}`
      : `${dyad} · no dated events`;
  } catch (error) {
    for (const container of containers) showError(container, error);
  }
}

async function drawFigures() {
  const container = byId("figure-charts");
  try {
    const body = await getJSON("/api/facts/series", { countries: `${first},${second}`, limit: 10000 });
    clear(container);
    const shown = body.series.filter((one) => one.actuals.length + one.targets.length + one.forecasts.length + one.pledges.length);
    if (!shown.length) container.append(h("p", { class: "message" }, "No figures reported about both countries."));
    for (const one of shown) {
      const chart = h("div", { class: "chart figure-chart", dataset: { indicator: one.indicator } });
      const measure = one.currency || (one.unit ? one.unit.replaceAll("_", " ") : "");
      const latest = one.latest_full_year;
      let headline = "No full-year actual value yet.";
      if (latest && one.share_of_target !== null) {
        headline = `${latest.period}: ${formatAmount(latest.value, one.currency, one.unit)}, ${Math.round(one.share_of_target * 100)}% of the ${latest.target_period} target.`;
      } else if (latest) {
        headline = `${latest.period}: ${formatAmount(latest.value, one.currency, one.unit)}; no target reported.`;
      }
      container.append(h("div", { class: "figure-series" },
        h("h3", {}, `${humanise(one.indicator)} · ${one.countries.map(countryName).join(", ")}${measure ? ` (${measure})` : ""}`),
        h("p", { class: "muted" }, headline), chart));
      targetChart(chart, {
        series: one,
        hrefFor: (entry) => {
          const source = body.sources[entry.fact_id];
          return source ? articleHref(source.article_id, `fact-${entry.fact_id}`) : "#";
        },
      });
    }
    container.dataset.state = "drawn";
  } catch (error) {
    showError(container, error);
  }
}

async function fillRoots() {
  const body = await getJSON("/api/cameo", { roots: true });
  const select = form.elements.root;
  for (const code of body.codes) select.append(h("option", { value: code.code }, `${code.code} ${humanise(code.name.toLowerCase())}`));
}

async function main() {
  document.title = `${dyad} · Accord`;
  byId("quad-legend").append(legend(QUADS));
  byId("goldstein-legend").append(legend([
    { cls: "goldstein", label: "mean Goldstein per period (+10 cooperation, −10 conflict)" },
    { cls: "trend", label: "trend (three periods, weighted by events)" },
  ]));
  byId("figures-legend").append(legend([
    { cls: "actual", label: "actual (share of its target above)" }, { cls: "target", label: "target" },
  ]));
  try {
    await Promise.all([loadCountryNames(getJSON), fillRoots()]);
  } catch (error) {
    showError(byId("dyad-events"), error);
    return;
  }
  byId("dyad-title").textContent = `${countryName(first)} – ${countryName(second)}`;
  byId("directed-label").textContent = `${countryName(first)} to ${countryName(second)} only`;
  restoreFromUrl();
  periodChip();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveToUrl();
    drawSeries();
    events.show(eventParams());
  });
  form.elements.interval.addEventListener("change", () => {
    selectedPeriod = null;
    periodChip();
    saveToUrl();
    drawSeries();
    events.show(eventParams());
  });
  drawSeries();
  events.show(eventParams());
  drawFigures();
}

main();
