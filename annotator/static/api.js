// One way for the page scripts to call the JSON API, instead of a copy of this in each of them: the session
// cookie, the page's CSRF token, a JSON body, and a refusal thrown with the server's own message.
// base.html includes it before every page script (not deferred, so it runs before deferred ones too).
"use strict";

(() => {
  // read once: the token lasts as long as the page
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  // A refused request. `message` is the server's (`{"error": {"message": ...}}`), `status` the HTTP status and
  // `body` the parsed answer, for a caller that needs more: a 409's current state, the field or findings named.
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error && body.error.message) || `HTTP ${status}`);
      this.name = "ApiError";
      this.status = status;
      this.body = body;
    }
  }

  // The parsed answer (null for 204 No Content); an ApiError when the status is not 2xx. A request that gets
  // no answer at all (offline) rejects with fetch's own TypeError.
  async function call(method, target, body) {
    const headers = { "X-CSRFToken": csrf, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(target, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const found = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, found);
    return found;
  }

  // What to show for a failed call: the server's message, else `fallback` (the answer had none, e.g. a
  // proxy's error page), else the browser's own message when no answer came.
  function reason(err, fallback) {
    if (!(err instanceof ApiError)) return err.message;
    return (err.body && err.body.error && err.body.error.message) || fallback;
  }

  window.api = { call, reason, ApiError };
})();
