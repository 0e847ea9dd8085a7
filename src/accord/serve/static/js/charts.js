// The dashboard's charts, drawn as SVG: bars per period, lines per period, figures
// against targets, and an actor's partners as a network. Every mark is an element
// with data-* attributes naming the period or record it stands for, so a click can
// lead to the events behind it (and tests can find it).

import { QUADS, clear, formatAmount, formatGoldstein, formatNumber, h, periodLabel, s } from "./dom.js";

const WIDTH = 800;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 48 };

function niceStep(range, count) {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const step = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  return step * magnitude;
}

/** Round axis values covering [min, max]; whole numbers when ``integers``. */
function ticks(min, max, count, integers) {
  if (max === min) max = min + 1;
  let step = niceStep(max - min, count);
  if (integers) step = Math.max(1, Math.round(step));
  const first = Math.floor(min / step) * step;
  const last = Math.ceil(max / step) * step;
  const values = [];
  for (let value = first; value <= last + step / 2; value += step) values.push(Number(value.toFixed(10)));
  return values;
}

function linearScale(domainMin, domainMax, rangeMin, rangeMax) {
  const span = domainMax - domainMin || 1;
  return (value) => rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin);
}

function shortNumber(value) {
  const size = Math.abs(value);
  if (size >= 1e12) return `${value / 1e12}tn`;
  if (size >= 1e9) return `${value / 1e9}bn`;
  if (size >= 1e6) return `${value / 1e6}mn`;
  if (size >= 1e4) return `${value / 1e3}k`;
  return String(value);
}

function frame(container, height, label) {
  clear(container);
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": label });
  container.append(svg);
  return svg;
}

function yAxis(svg, values, y, format) {
  const axis = s("g", { class: "axis y" });
  for (const value of values) {
    axis.append(
      s("line", { class: value === 0 ? "zero" : "gridline", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }),
      s("text", { x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end" }, format(value)),
    );
  }
  svg.append(axis);
}

/** Labels under about eight of the periods, evenly spread. */
function xLabels(svg, points, interval, xCenter, height) {
  const every = Math.max(1, Math.ceil(points.length / 8));
  const axis = s("g", { class: "axis x" });
  points.forEach((point, index) => {
    if (index % every !== 0) return;
    axis.append(s("text", { x: xCenter(index), y: height - 8, "text-anchor": "middle" }, periodLabel(point.period, interval)));
  });
  svg.append(axis);
}

function markDrawn(container, count) {
  container.dataset.state = "drawn";
  container.dataset.points = String(count);
}

function emptyChart(container, message) {
  clear(container);
  container.append(h("p", { class: "message" }, message));
  markDrawn(container, 0);
}

/** One clickable group per period: a full-height hit area plus whatever marks go in it. */
function periodGroup(point, interval, x, width, plotHeight, onSelect, selected) {
  const group = s("g", {
    class: ["period", point.period === selected && "selected"],
    tabindex: 0,
    role: "button",
    "aria-label": `${periodLabel(point.period, interval)}: ${point.events} events`,
    dataset: { period: point.period, events: String(point.events) },
  });
  group.append(s("rect", { class: "hit", x, y: MARGIN.top, width, height: plotHeight }));
  if (onSelect) {
    group.addEventListener("click", () => onSelect(point));
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onSelect(point);
      }
    });
  }
  return group;
}

function selectable(container) {
  return {
    select(period) {
      for (const group of container.querySelectorAll(".period")) {
        group.classList.toggle("selected", group.dataset.period === period);
      }
    },
  };
}

/**
 * Stacked bars of events per period, one layer per QuadClass. ``diverging`` puts
 * conflict (QuadClass 3 and 4) below the axis and cooperation above it.
 */
export function periodBars(container, { points, interval, diverging = false, onSelect, selected, height = 230, label }) {
  if (!points.length) {
    emptyChart(container, "No dated events.");
    return selectable(container);
  }
  const svg = frame(container, height, label || "Events per period by QuadClass");
  const below = (quad) => diverging && (quad.cls === "q3" || quad.cls === "q4");
  const up = Math.max(...points.map((p) => QUADS.filter((q) => !below(q)).reduce((sum, q) => sum + p[q.key], 0)));
  const down = Math.max(...points.map((p) => QUADS.filter(below).reduce((sum, q) => sum + p[q.key], 0)));
  const axisValues = ticks(diverging ? -down : 0, Math.max(up, 1), 4, true);
  const y = linearScale(axisValues[axisValues.length - 1], axisValues[0], MARGIN.top, height - MARGIN.bottom);
  yAxis(svg, axisValues, y, (value) => formatNumber(Math.abs(value)));
  const band = (WIDTH - MARGIN.left - MARGIN.right) / points.length;
  const barWidth = Math.max(1, band * 0.8);
  const xCenter = (index) => MARGIN.left + band * index + band / 2;
  points.forEach((point, index) => {
    const group = periodGroup(point, interval, MARGIN.left + band * index, band, height - MARGIN.bottom - MARGIN.top, onSelect, selected);
    let top = 0;
    let bottom = 0;
    for (const quad of QUADS) {
      const count = point[quad.key];
      if (!count) continue;
      const start = below(quad) ? -bottom : top;
      const end = below(quad) ? -(bottom + count) : top + count;
      if (below(quad)) bottom += count;
      else top += count;
      const rect = s("rect", {
        class: ["bar", quad.cls],
        x: xCenter(index) - barWidth / 2,
        y: Math.min(y(start), y(end)),
        width: barWidth,
        height: Math.abs(y(start) - y(end)),
      });
      rect.append(s("title", {}, `${periodLabel(point.period, interval)} · ${quad.label}: ${formatNumber(count)}`));
      group.append(rect);
    }
    svg.append(group);
  });
  xLabels(svg, points, interval, xCenter, height);
  markDrawn(container, points.length);
  return selectable(container);
}

/**
 * Lines over periods: ``lines`` is [{cls, label, value(point) -> number|null}]. Gaps
 * (null values) break a line rather than pretending a value. ``domain`` fixes the
 * y range (Goldstein runs from -10 to +10).
 */
export function periodLines(container, { points, interval, lines, domain, onSelect, selected, height = 200, label }) {
  const values = points.flatMap((point) => lines.map((line) => line.value(point))).filter((v) => v !== null && v !== undefined);
  if (!values.length) {
    emptyChart(container, "No dated events.");
    return selectable(container);
  }
  const svg = frame(container, height, label || "Values per period");
  const [low, high] = domain || [Math.min(0, ...values), Math.max(...values)];
  const axisValues = ticks(low, high, 4, false);
  const y = linearScale(axisValues[axisValues.length - 1], axisValues[0], MARGIN.top, height - MARGIN.bottom);
  yAxis(svg, axisValues, y, (value) => (domain ? formatGoldstein(value) : formatNumber(value)));
  const band = (WIDTH - MARGIN.left - MARGIN.right) / points.length;
  const xCenter = (index) => MARGIN.left + band * index + band / 2;
  for (const line of lines) {
    let path = "";
    let drawing = false;
    points.forEach((point, index) => {
      const value = line.value(point);
      if (value === null || value === undefined) {
        drawing = false;
        return;
      }
      path += `${drawing ? "L" : "M"}${xCenter(index).toFixed(1)},${y(value).toFixed(1)}`;
      drawing = true;
    });
    if (path) svg.append(s("path", { class: ["line", line.cls], d: path }));
  }
  points.forEach((point, index) => {
    const group = periodGroup(point, interval, MARGIN.left + band * index, band, height - MARGIN.bottom - MARGIN.top, onSelect, selected);
    for (const line of lines.filter((l) => l.dots)) {
      const value = line.value(point);
      if (value === null || value === undefined) continue;
      const dot = s("circle", { class: "dot", cx: xCenter(index), cy: y(value), r: Math.min(4, Math.max(2, band / 3)) });
      dot.append(s("title", {}, `${periodLabel(point.period, interval)} · ${line.label}: ${formatGoldstein(value)} (${point.events} events)`));
      group.append(dot);
    }
    svg.append(group);
  });
  xLabels(svg, points, interval, xCenter, height);
  markDrawn(container, points.length);
  return selectable(container);
}

/** Mean Goldstein over a window of periods, weighted by their events: the trend line. */
export function goldsteinTrend(points, window = 3) {
  return points.map((_, index) => {
    const start = Math.max(0, index - Math.floor(window / 2));
    const slice = points.slice(start, start + window);
    const events = slice.reduce((sum, p) => sum + p.events, 0);
    return events ? slice.reduce((sum, p) => sum + p.goldstein_sum, 0) / events : null;
  });
}

/**
 * One reported figure's series: actual values as bars, targets as dashed outlines,
 * forecasts and pledges dotted, one slot per period in time order. Each mark links
 * to the sentence that reported it (``hrefFor(entry)``).
 */
export function targetChart(container, { series, hrefFor, height = 260 }) {
  const entries = [...series.actuals, ...series.targets, ...series.forecasts, ...series.pledges];
  if (!entries.length) {
    emptyChart(container, "No figures.");
    return;
  }
  const slotKey = (entry) => entry.period;
  const order = (entry) => entry.period_end || entry.period_start || "9999";
  const slots = [];
  for (const entry of [...entries].sort((a, b) => order(a).localeCompare(order(b)))) {
    let slot = slots.find((candidate) => candidate.key === slotKey(entry));
    if (!slot) slots.push((slot = { key: slotKey(entry), entries: [] }));
    slot.entries.push(entry);
  }
  const svg = frame(container, height, `${series.indicator}: actual values against targets`);
  const top = Math.max(...entries.map((entry) => entry.value));
  const axisValues = ticks(0, top, 4, false);
  const y = linearScale(axisValues[axisValues.length - 1], 0, MARGIN.top + 14, height - MARGIN.bottom);
  yAxis(svg, axisValues, y, shortNumber);
  const band = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(slots.length, 3);
  slots.forEach((slot, slotIndex) => {
    // Bars no wider than 70 units, however few the periods: a wide block reads as an area.
    const width = Math.min(band * 0.8, 70 * slot.entries.length) / slot.entries.length;
    const left = MARGIN.left + band * slotIndex + (band - width * slot.entries.length) / 2;
    slot.entries.forEach((entry, entryIndex) => {
      const x = left + width * entryIndex;
      const mark = s("a", {
        href: hrefFor(entry),
        class: ["figure-mark", entry.kind],
        dataset: { factId: entry.fact_id, kind: entry.kind },
      });
      mark.append(
        s("rect", {
          class: entry.kind === "actual" ? "actual" : entry.kind === "target" ? "target" : "forecast",
          x: x + 1,
          y: y(entry.value),
          width: Math.max(2, width - 2),
          height: Math.max(1, y(0) - y(entry.value)),
        }),
        s("title", {}, `${entry.period} · ${entry.kind}: ${formatAmount(entry.value, series.currency, series.unit)}`),
      );
      if (entry.share_of_target !== null && entry.share_of_target !== undefined) {
        mark.append(
          s("text", { class: "share", x: x + width / 2, y: y(entry.value) - 4, "text-anchor": "middle" },
            `${Math.round(entry.share_of_target * 100)}%`),
        );
      }
      svg.append(mark);
    });
    svg.append(s("text", { x: MARGIN.left + band * slotIndex + band / 2, y: height - 8, "text-anchor": "middle" }, slot.key));
  });
  markDrawn(container, entries.length);
}

/**
 * An actor and its partners: the actor in the middle, each partner around it, the
 * line as thick as their events are many and coloured by how cooperative they were
 * (mean Goldstein). Partners are links (``href``).
 */
export function egoNetwork(container, { center, partners, height = 440 }) {
  if (!partners.length) {
    emptyChart(container, "No partners in the stored events.");
    return;
  }
  const svg = frame(container, height, `${center.label} and its partners`);
  svg.classList.add("network");
  const cx = WIDTH / 2;
  const cy = height / 2;
  const radius = Math.min(cx, cy) - 60;
  const most = Math.max(...partners.map((p) => p.events));
  const edges = s("g", { class: "edges" });
  const nodes = s("g", { class: "nodes" });
  partners.forEach((partner, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / partners.length;
    const x = cx + radius * Math.cos(angle);
    const y = cy + radius * Math.sin(angle);
    const weight = Math.sqrt(partner.events / most);
    const tone = partner.goldstein_mean > 0.5 ? "coop" : partner.goldstein_mean < -0.5 ? "conflict" : "neutral";
    const edge = s("line", { class: ["edge", tone], x1: cx, y1: cy, x2: x, y2: y, "stroke-width": (1 + 7 * weight).toFixed(1) });
    edge.append(s("title", {}, `${partner.label}: ${partner.events} events, mean Goldstein ${formatGoldstein(partner.goldstein_mean)}`));
    edges.append(edge);
    const node = s("a", { href: partner.href, class: "node", dataset: { partnerId: partner.id, events: String(partner.events) } });
    const outward = Math.cos(angle) >= 0 ? "start" : "end";
    node.append(
      s("circle", { cx: x, cy: y, r: (5 + 9 * weight).toFixed(1) }),
      s("text", { x: x + (Math.cos(angle) >= 0 ? 14 : -14), y: y + 4, "text-anchor": outward }, partner.label),
      s("title", {}, `${partner.title || partner.label}: ${partner.events} events`),
    );
    nodes.append(node);
  });
  const middle = s("g", { class: "node center" });
  middle.append(s("circle", { cx, cy, r: 14 }), s("text", { x: cx, y: cy + 30, "text-anchor": "middle" }, center.label));
  svg.append(edges, nodes, middle);
  markDrawn(container, partners.length);
}
