// Actor page (/actor/person:ilham-aliyev, /actor/country:AZE): who the actor is and the
// roles the articles give it, its events over time, its partners as a network, and its
// events. A country's page counts every event it takes part in (its officials' too)
// and its partners are countries, each linking to the dyad page.

import { getJSON, showError } from "../api.js";
import { periodBars, egoNetwork } from "../charts.js";
import { EventList } from "../events.js";
import {
  QUADS, actorHref, byId, clear, countryName, dyadHref, formatNumber, h, humanise, legend, loadCountryNames,
  periodBounds, periodLabel,
} from "../dom.js";

const actorId = decodeURIComponent(window.location.pathname.slice("/actor/".length));
const country = actorId.startsWith("country:") ? actorId.slice("country:".length).toUpperCase() : null;
const events = new EventList(byId("actor-events"));
const baseFilter = country ? { country } : { actor_id: actorId };
let chart = null;
let selectedPeriod = null;

function interval() {
  return byId("interval").value;
}

function periodChip() {
  const chip = byId("period-chip");
  clear(chip);
  if (!selectedPeriod) return;
  chip.append(h("span", { class: "chip" }, periodLabel(selectedPeriod, interval()),
    h("button", { type: "button", title: "all periods", onclick: () => choosePeriod(null) }, "✕")));
}

function choosePeriod(point) {
  selectedPeriod = point ? point.period : null;
  if (chart) chart.select(selectedPeriod);
  periodChip();
  events.show(selectedPeriod ? { ...baseFilter, ...periodBounds(selectedPeriod, interval()) } : baseFilter);
}

async function showHeader() {
  if (country) {
    document.title = `${countryName(country)} · Accord`;
    byId("actor-title").textContent = countryName(country);
    byId("actor-sub").textContent = `Country · ${country} · every event it takes part in, its officials' included`;
    return;
  }
  const detail = await getJSON(`/api/actors/${encodeURIComponent(actorId)}`, { limit: 1 });
  const actor = detail.actor;
  const name = actor.name || (actor.country && actor.kind === "country" ? countryName(actor.country) : actor.code);
  document.title = `${name} · Accord`;
  byId("actor-title").textContent = name;
  const sub = byId("actor-sub");
  clear(sub);
  sub.append(`${humanise(actor.kind)} · ${actor.code}`);
  if (actor.country) sub.append(" · ", h("a", { href: actorHref(`country:${actor.country}`) }, countryName(actor.country)));
  if (actor.sector) sub.append(` · sector ${actor.sector}`);
  sub.append(` · named ${formatNumber(actor.num_mentions)} times in ${formatNumber(actor.num_articles)} articles`);
  const roles = byId("actor-roles");
  clear(roles);
  for (const role of actor.roles) roles.append(h("li", {}, role));
}

async function drawSeries() {
  const container = byId("actor-chart");
  container.dataset.state = "loading";
  try {
    const series = country
      ? await getJSON(`/api/countries/${country}/series`, { interval: interval() })
      : await getJSON("/api/series", { actor_id: actorId, interval: interval() });
    chart = periodBars(container, {
      points: series.points, interval: interval(), onSelect: choosePeriod, selected: selectedPeriod,
      label: `Events of ${actorId} per ${interval()} by QuadClass`,
    });
  } catch (error) {
    showError(container, error);
  }
}

async function drawNetwork() {
  const container = byId("network");
  try {
    if (country) {
      byId("network-note").textContent = "Countries it had events with; a line's width is their number, its colour their mean Goldstein score. Click a country for the dyad.";
      const body = await getJSON(`/api/countries/${country}/partners`, { limit: 24 });
      egoNetwork(container, {
        center: { label: countryName(country) },
        partners: body.partners.map((partner) => ({
          id: partner.partner_id, label: countryName(partner.code), events: partner.events,
          goldstein_mean: partner.goldstein_mean, href: dyadHref(country, partner.code),
        })),
      });
    } else {
      byId("network-note").textContent = "Actors it had events with, as the articles tell them; a line's width is their number, its colour their mean Goldstein score.";
      const body = await getJSON(`/api/actors/${encodeURIComponent(actorId)}/partners`, { limit: 24 });
      egoNetwork(container, {
        center: { label: byId("actor-title").textContent },
        partners: body.partners.map((partner) => ({
          id: partner.partner_id,
          label: partner.name || (partner.kind === "country" && partner.country ? countryName(partner.country) : partner.code),
          title: `${partner.partner_id} (${partner.code})`,
          events: partner.events, goldstein_mean: partner.goldstein_mean, href: actorHref(partner.partner_id),
        })),
      });
    }
  } catch (error) {
    showError(container, error);
  }
}

async function main() {
  byId("quad-legend").append(legend(QUADS));
  try {
    await loadCountryNames(getJSON);
    await showHeader();
  } catch (error) {
    showError(byId("actor-events"), error);
    return;
  }
  byId("interval").addEventListener("change", () => {
    selectedPeriod = null;
    periodChip();
    drawSeries();
    events.show(baseFilter);
  });
  drawSeries();
  drawNetwork();
  events.show(baseFilter);
}

main();
