// A list of events with the sentence that tells each, newest first, a page at a time.
// Each row links to its article with the event's sentence highlighted.

import { csvHref, getJSON, showError } from "./api.js";
import { actorLink, clear, eventHref, formatGoldstein, formatNumber, goldsteinClass, h } from "./dom.js";

const PAGE = 50;

function excerpt(text, width = 220) {
  if (!text) return "";
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}

function row(event, sentence) {
  const date = event.date ? event.date : "undated";
  const precision = event.date && event.date_precision !== "day" ? ` (${event.date_precision})` : "";
  return h("tr", { dataset: { eventId: event.event_id, quad: String(event.quad_class) } },
    h("td", { class: "nowrap", title: event.date_source ? `date from the ${event.date_source}` : null }, date + precision),
    h("td", {}, actorLink(event.source)),
    h("td", {},
      h("span", { class: "code" }, event.cameo), " ", event.event_name,
      event.reciprocal ? h("span", { class: "muted", title: "both sides did it" }, " ↔") : null),
    h("td", {}, actorLink(event.target)),
    h("td", { class: ["num", goldsteinClass(event.goldstein)] }, formatGoldstein(event.goldstein)),
    h("td", { class: "num", title: "mentions" }, formatNumber(event.num_mentions || 1)),
    h("td", { class: "quote" },
      h("a", { class: "event-link", href: eventHref(event), dataset: { eventId: event.event_id } },
        excerpt(sentence) || "open the article")),
  );
}

/** The event list in ``container``; ``show(params)`` loads the first page for new filters. */
export class EventList {
  constructor(container, { pageSize = PAGE, withCount = true } = {}) {
    this.container = container;
    this.pageSize = pageSize;
    this.withCount = withCount;
    this.params = {};
    this.cursor = null;
    this.generation = 0;
  }

  async show(params) {
    this.params = params;
    this.cursor = null;
    const generation = ++this.generation;
    clear(this.container);
    this.container.dataset.state = "loading";
    this.summary = h("p", { class: "muted" });
    this.body = h("tbody");
    this.moreButton = h("button", { class: ["secondary", "more"], type: "button", hidden: true }, "More events");
    this.moreButton.addEventListener("click", () => this.more());
    const table = h("table", { class: "events" },
      h("thead", {}, h("tr", {},
        h("th", {}, "Date"), h("th", {}, "Source"), h("th", {}, "Event"), h("th", {}, "Target"),
        h("th", { class: "num", title: "Goldstein score, -10 (conflict) to +10 (cooperation)" }, "Goldstein"),
        h("th", { class: "num", title: "how many times the articles tell it" }, "Told"),
        h("th", {}, "Sentence"))),
      this.body);
    this.container.append(this.summary, table, this.moreButton);
    try {
      const [page, count] = await Promise.all([
        getJSON("/api/events", { ...params, order: "desc", limit: this.pageSize, sentences: true }),
        this.withCount ? getJSON("/api/events/count", params) : Promise.resolve(null),
      ]);
      if (generation !== this.generation) return; // newer filters arrived meanwhile
      this.total = count ? count.count : null;
      this.append(page);
    } catch (error) {
      if (generation === this.generation) showError(this.container, error);
    }
  }

  async more() {
    if (!this.cursor) return;
    const generation = this.generation;
    this.moreButton.disabled = true;
    try {
      const page = await getJSON("/api/events", {
        ...this.params, order: "desc", limit: this.pageSize, sentences: true, cursor: this.cursor,
      });
      if (generation === this.generation) this.append(page);
    } catch (error) {
      showError(this.container, error);
    } finally {
      this.moreButton.disabled = false;
    }
  }

  append(page) {
    for (const event of page.events) this.body.append(row(event, page.sentences ? page.sentences[event.event_id] : null));
    this.cursor = page.next_cursor;
    this.moreButton.hidden = !this.cursor;
    const shown = this.body.children.length;
    clear(this.summary);
    if (!shown) {
      this.summary.append("No events match.");
    } else {
      const total = this.total === null || this.total === undefined ? "" : ` of ${formatNumber(this.total)}`;
      this.summary.append(`Newest first: ${formatNumber(shown)}${total} events. `,
        h("a", { href: csvHref("/api/events", { ...this.params, order: "desc", limit: 10000 }) }, "CSV"));
    }
    this.container.dataset.state = "drawn";
    this.container.dataset.rows = String(shown);
  }
}
