// Reading the Accord API from the dashboard's pages.

import { h, clear } from "./dom.js";

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** GET an API path with query parameters (empty ones left out); the JSON body, or ApiError. */
export async function getJSON(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    url.searchParams.set(name, String(value));
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status);
  }
  return body;
}

/** Show a failed load where its content would have been. */
export function showError(container, error) {
  clear(container);
  container.dataset.state = "error";
  container.append(h("p", { class: "error-message", role: "alert" }, `Could not load: ${error.message}`));
}

/** A CSV link for the same query (every list endpoint writes CSV). */
export function csvHref(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    url.searchParams.set(name, String(value));
  }
  url.searchParams.set("format", "csv");
  return url.pathname + url.search;
}
