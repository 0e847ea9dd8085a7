// Article page (/article/{id}): the text, with the actors, event triggers, dates and
// figures the coder found marked where the stored spans put them. Each mark links to
// its record: actors to their page, triggers and dates to their event, figures to
// their fact. /article/{id}#event-12 (or #fact-3, #sentence-4) selects that record:
// its sentence is highlighted and the side panel shows where else it is told.

import { getJSON, showError } from "../api.js";
import {
  actorHref, actorLabel, actorLink, articleHref, byId, clear, countryName, dyadHref, formatAmount, formatGoldstein,
  goldsteinClass, h, humanise, loadCountryNames,
} from "../dom.js";

const articleId = decodeURIComponent(window.location.pathname.slice("/article/".length));
const KINDS = [
  { kind: "actor", label: "actors" },
  { kind: "trigger", label: "event triggers" },
  { kind: "date", label: "dates" },
  { kind: "figure", label: "figures" },
  { kind: "place", label: "places" },
];
// Where marks overlap, the more specific one decides where a click goes.
const PRIORITY = { trigger: 0, figure: 1, date: 2, place: 3, actor: 4 };

let coded = null;
const sentenceElements = new Map(); // sentence index -> element
const recordSentences = new Map(); // "event-12" / "fact-3" -> sentence indexes in this article

/** The span of ``words`` inside [start, end) of the text, or null: for marks whose
 *  words are stored but not their position (a mention's trigger, an event's date). */
function findWithin(text, words, start, end) {
  if (!words) return null;
  const at = text.slice(start, end).indexOf(words);
  return at < 0 ? null : [start + at, start + at + words.length];
}

function remember(key, sentenceIndex) {
  if (!recordSentences.has(key)) recordSentences.set(key, []);
  const indexes = recordSentences.get(key);
  if (!indexes.includes(sentenceIndex)) indexes.push(sentenceIndex);
}

function collectMarks() {
  const { article, sentences, actors, events, facts } = coded;
  const text = article.text;
  const bySentence = new Map(sentences.map((sentence) => [sentence.index, sentence]));
  const marks = [];
  for (const actor of actors) {
    if (!actor.span) continue;
    marks.push({
      start: actor.span[0], end: actor.span[1], kind: "actor", href: actorHref(actor.actor_id),
      title: [actorLabel(actor), actor.role, actor.code].filter(Boolean).join(" · "), data: { actorId: actor.actor_id },
    });
  }
  for (const event of events) {
    for (const mention of event.mentions.filter((m) => m.article_id === articleId)) {
      const key = `event-${event.event_id}`;
      remember(key, mention.sentence_index);
      const sentence = bySentence.get(mention.sentence_index);
      if (!sentence) continue;
      const isRepresentative = event.article_id === articleId && mention.sentence_index === event.sentence_index
        && mention.span[0] === event.span[0] && mention.span[1] === event.span[1];
      const trigger = isRepresentative && event.trigger_span
        ? event.trigger_span
        : findWithin(text, mention.trigger, mention.span[0], mention.span[1])
          || findWithin(text, mention.trigger, sentence.start, sentence.end);
      const title = `${event.cameo} ${event.event_name} (Goldstein ${formatGoldstein(event.goldstein)})`;
      if (trigger) marks.push({ start: trigger[0], end: trigger[1], kind: "trigger", href: `#${key}`, title, data: { eventId: event.event_id } });
      const place = isRepresentative && event.location && event.location.span;
      if (place) {
        const where = [event.location.name, event.location.country].filter(Boolean).join(", ");
        marks.push({ start: place[0], end: place[1], kind: "place", href: `#${key}`, title: `place: ${where}`, data: { eventId: event.event_id } });
      }
      const date = findWithin(text, event.date_text, sentence.start, sentence.end);
      if (date) {
        marks.push({ start: date[0], end: date[1], kind: "date", href: `#${key}`, title: `date: ${event.date} (${event.date_precision})`, data: { eventId: event.event_id } });
      }
    }
  }
  for (const fact of facts) {
    for (const source of fact.sources.filter((m) => m.article_id === articleId)) {
      remember(`fact-${fact.fact_id}`, source.sentence_index);
      marks.push({
        start: source.span[0], end: source.span[1], kind: "figure", href: `#fact-${fact.fact_id}`,
        title: `${humanise(fact.indicator)}: ${formatAmount(fact.value, fact.currency, fact.unit)} (${fact.kind})`,
        data: { factId: fact.fact_id },
      });
    }
  }
  return marks;
}

/** A sentence as text with its marks: split where any mark starts or ends, so marks
 *  that overlap never nest; each piece links to the most specific mark covering it. */
function renderSentence(sentence, text, marks) {
  const inside = marks.filter((mark) => mark.start < sentence.end && mark.end > sentence.start);
  const cuts = new Set([sentence.start, sentence.end]);
  for (const mark of inside) {
    cuts.add(Math.max(mark.start, sentence.start));
    cuts.add(Math.min(mark.end, sentence.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const element = h("span", { class: "sentence", id: `sentence-${sentence.index}`, dataset: { index: String(sentence.index) } });
  for (let i = 0; i < points.length - 1; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const covering = inside.filter((mark) => mark.start <= from && mark.end >= to);
    if (!covering.length) {
      element.append(piece);
      continue;
    }
    covering.sort((a, b) => (a.end - a.start) - (b.end - b.start) || PRIORITY[a.kind] - PRIORITY[b.kind]);
    const primary = covering[0];
    const kinds = [...new Set(covering.map((mark) => mark.kind))];
    element.append(h("a", {
      class: ["hl", ...kinds.map((kind) => `hl-${kind}`)],
      href: primary.href,
      title: covering.map((mark) => mark.title).join("\n"),
      dataset: { kind: primary.kind, ...primary.data },
    }, piece));
  }
  sentenceElements.set(sentence.index, element);
  return element;
}

/** Text between sentences: spaces, or a paragraph break where the article has one. */
function renderGap(gap, paragraphs) {
  const parts = gap.split(/\n\s*\n/);
  parts.forEach((part, index) => {
    if (index > 0) paragraphs.push(h("p"));
    if (part.trim()) paragraphs[paragraphs.length - 1].append(part.trim() + " ");
    else if (part && paragraphs[paragraphs.length - 1].childNodes.length) paragraphs[paragraphs.length - 1].append(" ");
  });
}

function renderText() {
  const container = byId("article-text");
  const { article, sentences } = coded;
  const marks = collectMarks();
  const paragraphs = [h("p")];
  let cursor = 0;
  for (const sentence of [...sentences].sort((a, b) => a.start - b.start)) {
    renderGap(article.text.slice(cursor, sentence.start), paragraphs);
    paragraphs[paragraphs.length - 1].append(renderSentence(sentence, article.text, marks));
    cursor = sentence.end;
  }
  renderGap(article.text.slice(cursor), paragraphs);
  clear(container);
  container.append(...paragraphs.filter((p) => p.childNodes.length));
  container.dataset.state = "drawn";
  container.dataset.marks = String(marks.length);
}

function renderToggles() {
  const container = byId("toggles");
  const text = byId("article-text");
  for (const { kind, label } of KINDS) {
    const box = h("input", { type: "checkbox", checked: true, name: kind });
    box.addEventListener("change", () => text.classList.toggle(`show-${kind}s`, box.checked));
    container.append(h("label", {}, box, h("span", { class: ["swatch", kind] }), ` ${label}`));
  }
}

function renderLists() {
  const { events, facts, actors } = coded;
  const eventList = byId("event-list");
  if (!events.length) eventList.append(h("li", { class: "message" }, "No events coded."));
  for (const event of events) {
    eventList.append(h("li", { id: `item-event-${event.event_id}` },
      h("a", { href: `#event-${event.event_id}` }, event.date || "undated", " · ", `${event.cameo} ${event.event_name}`),
      h("div", {}, actorLink(event.source), " → ", actorLink(event.target), " ",
        h("span", { class: goldsteinClass(event.goldstein) }, formatGoldstein(event.goldstein)))));
  }
  const factList = byId("fact-list");
  if (!facts.length) factList.append(h("li", { class: "message" }, "No figures coded."));
  for (const fact of facts) {
    factList.append(h("li", { id: `item-fact-${fact.fact_id}` },
      h("a", { href: `#fact-${fact.fact_id}` }, `${humanise(fact.indicator)}: ${formatAmount(fact.value, fact.currency, fact.unit)}`),
      h("span", { class: "muted" }, ` · ${fact.kind} · ${fact.countries.join(", ") || "no country"}${fact.period_text ? ` · ${fact.period_text}` : ""}`)));
  }
  const actorList = byId("actor-list");
  const seen = new Map();
  for (const actor of actors) if (actor.actor_id && !seen.has(actor.actor_id)) seen.set(actor.actor_id, actor);
  if (!seen.size) actorList.append(h("li", { class: "message" }, "No actors coded."));
  for (const actor of seen.values()) {
    actorList.append(h("li", {}, h("a", { href: actorHref(actor.actor_id) }, actorLabel(actor)),
      h("span", { class: "muted" }, ` · ${[actor.role, actor.code].filter(Boolean).join(" · ")}`)));
  }
}

function highlight(indexes) {
  for (const element of document.querySelectorAll(".sentence.selected, .item-list li.selected")) element.classList.remove("selected");
  const elements = indexes.map((index) => sentenceElements.get(index)).filter(Boolean);
  for (const element of elements) element.classList.add("selected");
  if (elements.length) elements[0].scrollIntoView({ block: "center" });
  return elements;
}

function detail(rows) {
  return h("dl", {}, rows.filter(([, value]) => value !== null && value !== undefined && value !== "")
    .flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

async function selectEvent(eventId, panel) {
  const event = coded.events.find((candidate) => candidate.event_id === eventId);
  if (!event) {
    panel.append(h("p", { class: "message" }, `Event ${eventId} is not told in this article.`));
    return;
  }
  highlight(recordSentences.get(`event-${eventId}`) || []);
  const item = byId(`item-event-${eventId}`);
  if (item) item.classList.add("selected");
  panel.append(h("h2", {}, `Event ${event.event_id}: ${event.event_name}`), detail([
    ["Code", `${event.cameo} (root ${event.root})`],
    ["PLOVER", [event.plover, event.plover_mode, event.plover_context].filter(Boolean).join(" · ")],
    ["Source", actorLink(event.source)],
    ["Target", actorLink(event.target)],
    ["Date", event.date ? `${event.date} (${event.date_precision}, from the ${event.date_source}${event.date_text ? `: “${event.date_text}”` : ""})` : "undated"],
    ["Place", event.location ? `${event.location.name}${event.location.country ? `, ${countryName(event.location.country)}` : ""}` : null],
    ["Goldstein", formatGoldstein(event.goldstein)],
    ["QuadClass", String(event.quad_class)],
    ["Confidence", event.confidence.toFixed(2)],
    ["Dyad", event.source && event.target && event.source.country && event.target.country && event.source.country !== event.target.country
      ? h("a", { href: dyadHref(event.source.country, event.target.country) }, `${event.source.country}-${event.target.country}`) : null],
  ]));
  const sources = h("ol", { class: "sources" }, h("li", { class: "message" }, "Loading where it is told…"));
  panel.append(h("h3", {}, `Told ${event.num_mentions || 1} time(s) in ${event.num_articles || 1} article(s)`), sources);
  try {
    const provenance = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    clear(sources);
    for (const source of provenance.sources) {
      const here = source.article_id === articleId;
      sources.append(h("li", { dataset: { articleId: source.article_id } },
        here
          ? h("a", { href: `#sentence-${source.sentence_index}` }, "this article")
          : h("a", { href: articleHref(source.article_id, `event-${eventId}`) }, source.title || source.article_id),
        h("span", { class: "muted" }, ` · ${source.outlet || "unknown outlet"} · ${source.published || "undated"}`),
        h("div", { class: "quote" }, `“${source.quote}”`)));
    }
  } catch (error) {
    showError(sources, error);
  }
}

function selectFact(factId, panel) {
  const fact = coded.facts.find((candidate) => candidate.fact_id === factId);
  if (!fact) {
    panel.append(h("p", { class: "message" }, `Figure ${factId} is not reported in this article.`));
    return;
  }
  highlight(recordSentences.get(`fact-${factId}`) || []);
  const item = byId(`item-fact-${factId}`);
  if (item) item.classList.add("selected");
  const pair = fact.countries.length === 2 ? fact.countries : null;
  panel.append(h("h2", {}, `Figure ${fact.fact_id}: ${humanise(fact.indicator)}`), detail([
    ["Value", formatAmount(fact.value, fact.currency, fact.unit)],
    ["Kind", fact.kind],
    ["Countries", fact.countries.map(countryName).join(", ")],
    ["Period", fact.period_start || fact.period_end ? `${fact.period_start || "…"} to ${fact.period_end || "…"}${fact.period_text ? ` (“${fact.period_text}”)` : ""}` : null],
    ["Words", `“${fact.text}”`],
    ["Reported by", `${fact.num_articles || 1} article(s)`],
    ["Series", pair ? h("a", { href: `${dyadHref(pair[0], pair[1])}#figures` }, `${pair.join("-")} against targets`) : null],
  ]));
  const elsewhere = fact.sources.filter((source) => source.article_id !== articleId);
  if (elsewhere.length) {
    panel.append(h("h3", {}, "Also reported in"), h("ul", { class: "sources" }, elsewhere.map((source) =>
      h("li", {}, h("a", { href: articleHref(source.article_id, `fact-${fact.fact_id}`) }, source.article_id)))));
  }
}

async function applyHash() {
  const panel = byId("selection");
  clear(panel);
  const match = /^#(event|fact|sentence)-(.+)$/.exec(window.location.hash);
  if (!match) {
    panel.classList.add("hidden");
    highlight([]);
    return;
  }
  panel.classList.remove("hidden");
  const [, kind, id] = match;
  const key = decodeURIComponent(id);
  if (kind === "event") await selectEvent(key, panel);
  else if (kind === "fact") selectFact(key, panel);
  else highlight([Number(key)]);
  byId("article-text").dataset.selected = `${kind}-${key}`;
}

function renderMeta() {
  const { article, coder } = coded;
  document.title = `${article.title || article.article_id} · Accord`;
  byId("article-title").textContent = article.title || article.article_id;
  const meta = byId("article-meta");
  clear(meta);
  meta.append([article.outlet, article.author ? `by ${article.author}` : null, article.published || "undated"].filter(Boolean).join(" · "));
  // Only web addresses become links: a stored "javascript:" URL must stay words.
  if (article.url && /^https?:\/\//i.test(article.url)) {
    meta.append(" · ", h("a", { href: article.url, rel: "noopener noreferrer" }, "source"));
  } else if (article.url) {
    meta.append(` · ${article.url}`);
  }
  meta.append(" · ", h("a", { href: `/api/articles/${encodeURIComponent(article.article_id)}` }, "JSON"));
  if (coder) meta.append(h("span", { class: "muted" }, ` · coded by ${coder}`));
}

async function main() {
  renderToggles();
  try {
    [coded] = await Promise.all([getJSON(`/api/articles/${articleId.split("/").map(encodeURIComponent).join("/")}`), loadCountryNames(getJSON)]);
  } catch (error) {
    showError(byId("article-text"), error);
    return;
  }
  renderMeta();
  renderText();
  renderLists();
  window.addEventListener("hashchange", applyHash);
  await applyHash();
}

main();
