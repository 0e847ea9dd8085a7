"""The dashboard: its pages over HTTP, its static files, and (marked ``browser``) the pages
driven in headless Chromium on a database coded from the team's test articles.

The browser tests derive what to expect from the API of the same server (the most
active dyad, its events, an article's spans), so they check that the pages show what
is stored, whatever the coder found.
"""

from __future__ import annotations

import http.client
import re

import httpx
import pytest
from playwright.sync_api import expect

from accord.serve import create_app
from accord.serve.dashboard import STATIC_DIR

from .conftest import SCREENSHOTS, LiveServer

PAGES = ["/", "/dyad/AZE-TUR", "/article/caspian-1", "/actor/person:dana-whitfield", "/actor/country:AZE", "/map"]
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


# -- pages over HTTP ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_html_that_loads_only_local_files(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert re.search(r'<script type="module" src="/static/js/pages/\w+\.js"></script>', response.text)
    for reference in re.findall(r'(?:src|href)="([^"#]+)"', response.text):
        assert reference.startswith("/"), reference
        if reference.startswith("/static/"):
            assert client.get(reference).status_code == 200, reference


def test_no_static_file_refers_to_anything_outside_the_server():
    for file in STATIC_DIR.rglob("*"):
        if file.suffix not in (".html", ".js", ".css") or "vendor" in file.parts:
            continue
        found = set(re.findall(r"https?://[^\s\"'`)]+", file.read_text(encoding="utf-8")))
        assert found <= {SVG_NAMESPACE}, f"{file.name}: {found}"


def test_every_script_import_exists(client):
    for script in (STATIC_DIR / "js").rglob("*.js"):
        for target in re.findall(r'from "(\.[^"]+)"', script.read_text(encoding="utf-8")):
            assert (script.parent / target).resolve().is_file(), f"{script.name} imports {target}"
    for path, kind in [("/static/js/dom.js", "javascript"), ("/static/css/accord.css", "text/css"),
                       ("/static/vendor/world-atlas/countries-110m.json", "application/json"),
                       ("/static/favicon.svg", "image/svg+xml")]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200 and kind in response.headers["content-type"]


def test_vendored_files_carry_their_licenses_and_stay_small():
    vendor = STATIC_DIR / "vendor"
    folders = [folder for folder in vendor.iterdir() if folder.is_dir()]
    assert {folder.name for folder in folders} == {"topojson-client", "world-atlas"}
    for folder in folders:
        assert (folder / "LICENSE").read_text(encoding="utf-8").strip()
        assert folder.name in (vendor / "README.md").read_text(encoding="utf-8")
    assert sum(file.stat().st_size for file in vendor.rglob("*")) < 1_000_000


def test_a_dyad_page_has_one_address(client):
    response = client.get("/dyad/aze-tur", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "/dyad/AZE-TUR"
    assert client.get("/dyad/AZETUR").status_code == 404
    assert "two country codes" in client.get("/dyad/Azerbaijan-Turkey").text


@pytest.mark.parametrize(
    "path",
    ["/article/no-such-article", "/actor/person:nobody", "/actor/country:FRA", "/actor/country:France", "/dyad/A-B"],
)
def test_pages_about_nothing_stored_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<a href="/">' in response.text


@pytest.fixture(scope="module")
def raw_server(sample_path):
    with LiveServer(create_app(sample_path)) as server:
        yield server


@pytest.mark.parametrize(
    "raw_path",
    [
        "/static/../app.py",
        "/static/../../serve/app.py",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e%2fapp.py",
        "/static/..%2fapp.py",
        "/static/js/..%2f..%2fapp.py",
        "/static/..%5capp.py",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/....//app.py",
    ],
)
def test_static_files_cannot_reach_outside_their_folder(raw_server, raw_path):
    # http.client sends the path exactly as written; httpx would tidy the dots away first.
    host, port = raw_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", raw_path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    assert response.status in (400, 404), (raw_path, response.status)
    assert "create_app" not in body and "root:" not in body


# -- in the browser ------------------------------------------------------------------------------

browser = pytest.mark.browser


def api(live_server, path: str, **params):
    response = httpx.get(f"{live_server.url}{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def wait_drawn(page, selector: str) -> None:
    page.wait_for_selector(f'{selector}[data-state="drawn"]', timeout=15_000)


def goto(page, path: str) -> None:
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="session")
def top_dyad(live_server) -> dict:
    dyads = api(live_server, "/api/dyads", limit=1)["dyads"]
    assert dyads, "the coded test articles hold no event between two countries"
    return dyads[0]


@browser
def test_overview_draws_volume_dyads_and_latest_events(page, live_server):
    stats = api(live_server, "/api/stats")
    series = api(live_server, "/api/series", interval="month")["points"]
    dyads = api(live_server, "/api/dyads", limit=15)["dyads"]
    goto(page, "/")
    for selector in ("#volume-chart", "#dyads", "#latest-events", "#roots"):
        wait_drawn(page, selector)
    periods = page.locator("#volume-chart .period")
    assert periods.count() == len(series)
    drawn_events = sum(int(value) for value in periods.evaluate_all("groups => groups.map(g => g.dataset.events)"))
    assert drawn_events == sum(point["events"] for point in series) == stats["events"] - stats["undated_events"]
    assert page.locator("#volume-chart rect.bar").count() >= len([p for p in series if p["events"]])
    assert page.locator("#dyads tbody tr").count() == len(dyads)
    assert page.locator("#dyads tbody tr").first.get_attribute("data-dyad") == dyads[0]["dyad"]
    rows = page.locator("#latest-events tbody tr")
    assert rows.count() == min(20, stats["events"])
    if stats["events"] > 20:
        page.click("#latest-events button.more")
        expect(rows).to_have_count(min(40, stats["events"]))
        shown = rows.evaluate_all("rows => rows.map(row => row.dataset.eventId)")
        assert len(shown) == min(40, stats["events"]) and len(set(shown)) == len(shown)
    assert page.locator("#stats .value").nth(1).inner_text().replace(",", "") == str(stats["events"])
    assert page.problems == []


@browser
def test_search_from_the_header_lists_matching_articles(page, live_server):
    expected = api(live_server, "/api/search", q="minister", limit=50)["hits"]
    assert expected, "no test article mentions a minister"
    goto(page, "/")
    page.fill('.top input[name="q"]', "minister")
    page.press('.top input[name="q"]', "Enter")
    wait_drawn(page, "#search-results")
    links = page.locator("#search-results li > a")
    assert links.count() == len(expected)
    assert links.first.get_attribute("href") == f"/article/{expected[0]['article']['article_id']}"
    assert page.problems == []


@browser
def test_dyad_page_draws_its_charts_events_and_figures(page, live_server, top_dyad):
    first, second = top_dyad["first"], top_dyad["second"]
    series = api(live_server, f"/api/dyads/{first}-{second}/series")["points"]
    count = api(live_server, "/api/events/count", dyad=f"{first}-{second}")["count"]
    figures = api(live_server, "/api/facts/series", countries=f"{first},{second}", limit=10000)["series"]
    goto(page, f"/dyad/{first}-{second}")
    for selector in ("#coop-conflict-chart", "#goldstein-chart", "#dyad-events", "#figure-charts"):
        wait_drawn(page, selector)
    groups = page.locator("#coop-conflict-chart .period")
    assert groups.count() == len(series)
    assert sum(map(int, groups.evaluate_all("gs => gs.map(g => g.dataset.events)"))) == sum(p["events"] for p in series)
    assert page.locator("#coop-conflict-chart rect.bar").count() > 0
    assert page.locator("#goldstein-chart .dot").count() == len([p for p in series if p["goldstein_mean"] is not None])
    assert page.locator("#goldstein-chart path.line.goldstein").count() == 1
    assert page.locator("#dyad-events tbody tr").count() == min(50, count)
    entries = sum(len(s["actuals"]) + len(s["targets"]) + len(s["forecasts"]) + len(s["pledges"]) for s in figures)
    assert page.locator("#figure-charts .figure-mark").count() == entries
    assert page.title().startswith(f"{first}-{second}")
    assert page.problems == []


def sentence_offsets_script() -> str:
    # Each highlighted piece of the article as [start, end, classes], in article offsets:
    # a sentence element's text is exactly its sentence, which starts at data-start.
    return """
    (starts) => {
      const pieces = [];
      for (const sentence of document.querySelectorAll('#article-text .sentence')) {
        let offset = starts[sentence.dataset.index];
        for (const node of sentence.childNodes) {
          const length = node.textContent.length;
          if (node.nodeType === Node.ELEMENT_NODE) pieces.push([offset, offset + length, node.className]);
          offset += length;
        }
      }
      return pieces;
    }"""


def covered(pieces, kind: str) -> set[int]:
    return {i for start, end, classes in pieces if f"hl-{kind}" in classes.split() for i in range(start, end)}


@browser
def test_click_from_a_dyad_chart_to_an_event_to_its_article_highlights_the_sentence(page, live_server, top_dyad):
    dyad = top_dyad["dyad"]
    goto(page, f"/dyad/{dyad}")
    wait_drawn(page, "#coop-conflict-chart")
    wait_drawn(page, "#dyad-events")
    # The latest period with events: click its bar.
    periods = page.locator("#coop-conflict-chart .period")
    counts = [int(value) for value in periods.evaluate_all("gs => gs.map(g => g.dataset.events)")]
    index = max(i for i, n in enumerate(counts) if n)
    period = periods.nth(index).get_attribute("data-period")
    periods.nth(index).locator("rect.bar").first.click()
    # The chip appears as the list is emptied for the period's events (page.wait_for_function
    # cannot be used: it evaluates a string, which the dashboard's CSP rightly forbids).
    page.wait_for_selector(f'#period-chip .chip[data-period="{period}"]')
    wait_drawn(page, "#dyad-events")
    expect(page.locator("#dyad-events tbody tr")).to_have_count(min(50, counts[index]))
    assert "selected" in periods.nth(index).get_attribute("class")
    assert f"period={period}" in page.url
    # Every listed event lies in the chosen period.
    listed = page.locator("#dyad-events tbody tr").evaluate_all("rows => rows.map(row => row.dataset.eventId)")
    for event_id in listed:
        day = api(live_server, f"/api/events/{event_id}")["event"]["date"]
        assert day[: len("2022-07")] == period[: len("2022-07")], (event_id, day, period)
    # Follow the first event to its article.
    link = page.locator("#dyad-events tbody tr .event-link").first
    event_id = link.get_attribute("data-event-id")
    link.click()
    page.wait_for_url(re.compile(rf"/article/.+#event-{event_id}$"))
    wait_drawn(page, "#article-text")
    page.wait_for_selector(".sentence.selected")
    article_id = page.evaluate("decodeURIComponent(location.pathname.slice('/article/'.length))")
    detail = api(live_server, f"/api/events/{event_id}")
    expected = {source["sentence"] for source in detail["sources"] if source["article_id"] == article_id}
    assert expected, "the link led to an article that does not tell the event"
    selected = page.locator(".sentence.selected").all_inner_texts()
    assert set(selected) == expected
    # The event's own trigger is marked inside that sentence.
    event = detail["event"]
    if event["article_id"] == article_id and event["trigger_span"]:
        coded = api(live_server, f"/api/articles/{article_id}")
        start, end = event["trigger_span"]
        trigger = page.locator(f'.sentence.selected a.hl-trigger[data-event-id="{event_id}"]')
        assert "".join(trigger.all_inner_texts()) == coded["article"]["text"][start:end]
    page.wait_for_selector("#selection h2")
    assert page.locator("#selection h2").inner_text().startswith(f"Event {event_id}:")
    page.wait_for_selector("#selection .sources li[data-article-id]")
    assert page.locator("#selection .sources li").count() == len(detail["sources"])
    assert page.problems == []


@browser
def test_a_goldstein_point_selects_the_period_in_both_charts(page, top_dyad):
    goto(page, f"/dyad/{top_dyad['dyad']}")
    wait_drawn(page, "#goldstein-chart")
    dot_group = page.locator("#goldstein-chart .period:has(.dot)").last
    period = dot_group.get_attribute("data-period")
    dot_group.locator(".dot").click()
    page.wait_for_selector(f'#period-chip .chip[data-period="{period}"]')
    for chart in ("#coop-conflict-chart", "#goldstein-chart"):
        assert page.locator(f"{chart} .period.selected").get_attribute("data-period") == period
    page.click("#period-chip button")
    expect(page.locator("#period-chip .chip")).to_have_count(0)
    assert page.locator("#goldstein-chart .period.selected").count() == 0
    assert page.problems == []


@browser
def test_the_article_page_marks_actors_triggers_and_figures_at_their_stored_spans(page, live_server):
    articles = api(live_server, "/api/articles", limit=100)["articles"]
    article_id = max(articles, key=lambda a: (a["num_facts"], a["num_events"]))["article_id"]
    coded = api(live_server, f"/api/articles/{article_id}")
    goto(page, f"/article/{article_id}")
    wait_drawn(page, "#article-text")
    # The page shows the stored text, sentence by sentence.
    shown = page.locator("#article-text .sentence").all_inner_texts()
    assert shown == [sentence["text"] for sentence in sorted(coded["sentences"], key=lambda s: s["start"])]
    starts = {sentence["index"]: sentence["start"] for sentence in coded["sentences"]}
    pieces = page.evaluate(sentence_offsets_script(), starts)
    in_sentences = {i for s in coded["sentences"] for i in range(s["start"], s["end"])}
    actor_chars = {i for a in coded["actors"] if a["span"] for i in range(*a["span"])} & in_sentences
    figure_chars = {i for f in coded["facts"] for s in f["sources"] if s["article_id"] == article_id for i in range(*s["span"])}
    trigger_chars = {i for e in coded["events"] if e["article_id"] == article_id and e["trigger_span"] for i in range(*e["trigger_span"])}
    assert actor_chars and figure_chars and trigger_chars
    assert covered(pieces, "actor") == actor_chars
    assert covered(pieces, "figure") == figure_chars & in_sentences
    assert trigger_chars <= covered(pieces, "trigger")
    # Marks link to their records.
    first_actor = page.locator("a.hl-actor[data-actor-id]").first
    assert first_actor.get_attribute("href") == f"/actor/{first_actor.get_attribute('data-actor-id')}"
    fact = next(f for f in coded["facts"] if any(s["article_id"] == article_id for s in f["sources"]))
    page.locator(f'a.hl-figure[data-fact-id="{fact["fact_id"]}"]').first.click()
    page.wait_for_selector(".sentence.selected")
    indexes = {s["sentence_index"] for s in fact["sources"] if s["article_id"] == article_id}
    assert {int(i) for i in page.locator(".sentence.selected").evaluate_all("els => els.map(e => e.dataset.index)")} == indexes
    assert page.locator("#selection h2").inner_text().startswith(f"Figure {fact['fact_id']}:")
    # A kind of mark can be hidden.
    page.uncheck('#toggles input[name="actor"]')
    assert "show-actors" not in page.locator("#article-text").get_attribute("class")
    assert page.problems == []


@browser
def test_the_actor_page_shows_roles_events_over_time_and_partners(page, live_server):
    people = api(live_server, "/api/actors", kind="person", limit=200)["actors"]
    person = next(p for p in people if p["roles"] and api(live_server, f"/api/actors/{p['actor_id']}/partners")["partners"])
    partners = api(live_server, f"/api/actors/{person['actor_id']}/partners", limit=24)["partners"]
    goto(page, f"/actor/{person['actor_id']}")
    for selector in ("#actor-chart", "#network", "#actor-events"):
        wait_drawn(page, selector)
    assert page.locator("#actor-title").inner_text() == person["name"]
    assert page.locator("#actor-roles li").all_inner_texts() == person["roles"]
    assert page.locator("#actor-chart rect.bar").count() > 0
    nodes = page.locator("#network a.node")
    assert nodes.count() == len(partners)
    assert nodes.first.get_attribute("data-partner-id") == partners[0]["partner_id"]
    assert page.locator("#actor-events tbody tr").count() > 0
    nodes.first.click()
    page.wait_for_url(re.compile(r"/actor/"))
    wait_drawn(page, "#network")
    assert page.problems == []


@browser
def test_a_countrys_network_leads_to_its_dyads(page, live_server, top_dyad):
    country = top_dyad["first"]
    partners = api(live_server, f"/api/countries/{country}/partners", limit=24)["partners"]
    goto(page, f"/actor/country:{country}")
    wait_drawn(page, "#network")
    wait_drawn(page, "#actor-chart")
    nodes = page.locator("#network a.node")
    assert nodes.count() == len(partners)
    partner = next(p for p in partners if p["code"] == top_dyad["second"])
    node = page.locator(f'#network a.node[data-partner-id="{partner["partner_id"]}"]')
    node.click()
    page.wait_for_url(re.compile(rf"/dyad/{country}-{top_dyad['second']}$"))
    wait_drawn(page, "#coop-conflict-chart")
    assert page.problems == []


@browser
def test_the_map_shows_places_whose_events_lead_to_their_sentences(page, live_server):
    places = api(live_server, "/api/places", limit=500, latest=5)["places"]
    assert places, "the coded test articles hold no event with a place"
    goto(page, "/map")
    wait_drawn(page, "#world")
    assert page.locator("#world path.land").count() > 100
    circles = page.locator("#world circle.place")
    assert circles.count() == len(places)
    top = places[0]
    page.locator(f'#world circle.place[data-key="{top["lat"]},{top["lon"]}"]').dispatch_event("click")
    links = page.locator("#place-detail a.event-link")
    assert links.count() == len(top["latest"]) == min(5, top["events"])
    event = top["latest"][0]
    links.first.click()
    page.wait_for_url(re.compile(rf"#event-{event['event_id']}$"))
    page.wait_for_selector(".sentence.selected")
    assert page.locator(".sentence.selected").first.get_attribute("data-index") == str(event["sentence_index"])
    assert page.problems == []


@browser
def test_a_bad_filter_shows_the_apis_message_instead_of_a_chart(page):
    goto(page, "/map")
    wait_drawn(page, "#world")
    page.fill('#filters input[name="dyad"]', "nonsense")
    page.click("#filters button[type=submit]")
    page.wait_for_selector('#world[data-state="error"]')
    assert "dyad" in page.locator("#world .error-message").inner_text()
    # The failed request shows in the console as a 400; nothing else may.
    assert all("400" in problem for problem in page.problems), page.problems


@browser
def test_markup_in_stored_text_stays_text(browser, tmp_path):
    from accord.store import open_store
    from tests.factories import ArticleBuilder

    article = ArticleBuilder(
        "markup-1",
        ['<img src=x onerror="alert(1)"> said the minister.', "Turkey <script>alert(2)</script> thanked Azerbaijan."],
        url="javascript:alert(3)",
        title="<b>Bold</b> claims",
    )
    article.event("051", "TUR", "AZE", sentence=1, date="2021-09-12", trigger="thanked")
    with open_store(tmp_path / "markup.duckdb") as store:
        store.write(article.build())
    with LiveServer(create_app(tmp_path / "markup.duckdb")) as server:
        context = browser.new_context()
        tab = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{server.url}/article/markup-1#event-1")
        wait_drawn(tab, "#article-text")
        tab.wait_for_selector(".sentence.selected")
        assert tab.locator("#article-title").inner_text() == "<b>Bold</b> claims"
        assert tab.locator("#article-text img, #article-text script").count() == 0
        assert tab.locator(".sentence").first.inner_text() == '<img src=x onerror="alert(1)"> said the minister.'
        assert tab.locator('#article-meta a[href^="javascript"]').count() == 0
        assert "javascript:alert(3)" in tab.locator("#article-meta").inner_text()
        tab.goto(f"{server.url}/dyad/AZE-TUR")
        wait_drawn(tab, "#dyad-events")
        assert tab.locator("#dyad-events script, #dyad-events img").count() == 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "test_markup_in_stored_text_stays_text.png"), full_page=True)
        context.close()
    assert dialogs == [] and errors == []
