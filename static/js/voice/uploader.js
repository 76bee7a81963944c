// Sending the recording to the server (VOICE_API.md): each part's chunks in order, then
// the part's finish, one request at a time. A request that found no server (offline) or a
// failing one (5xx) is tried again after a growing pause, at once when the network
// returns; a refusal (4xx) stops the queue, since sending again would be refused again.

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30000;

// The CSRF token the page's <body hx-headers> carries (the cookie is HttpOnly).
export function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch (error) {
    return "";
  }
}

// Why a request failed: `retry` says whether sending it again may work.
export class SendError extends Error {
  constructor(message, { retry, status = 0, code = "" }) {
    super(message);
    this.retry = retry;
    this.status = status;
    this.code = code;
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (error) {
    return {};
  }
}

// One request; resolves with the server's JSON, or rejects with a SendError.
export async function request(url, { method = "GET", body } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method: method,
      body: body,
      credentials: "same-origin",
      headers: method === "POST" ? { "X-CSRFToken": csrfToken() } : {},
    });
  } catch (error) {
    throw new SendError("offline", { retry: true });
  }
  const data = await readJson(response);
  if (response.ok) {
    return data;
  }
  throw new SendError(data.error || "", {
    retry: response.status >= 500 || response.status === 429,
    status: response.status,
    code: data.code || "",
  });
}

function formData(fields) {
  const data = new FormData();
  Object.keys(fields).forEach(function (name) {
    data.append(name, fields[name]);
  });
  return data;
}

// The queue. `onSent(item, json)` after each success, `onWaiting(error)` when a request
// will be tried again later, `onRefused(error, item)` once when the server says no.
export function createUploader({ onSent, onWaiting, onRefused }) {
  const queue = [];
  let busy = false;
  let pending = null;
  let delay = RETRY_FIRST_MS;
  let refused = false;

  function later() {
    pending = window.setTimeout(function () {
      pending = null;
      pump();
    }, delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  }

  async function pump() {
    if (busy || pending !== null || refused || queue.length === 0) {
      return;
    }
    busy = true;
    const item = queue[0];
    let answer = null;
    let failure = null;
    try {
      answer = await request(item.url, { method: "POST", body: formData(item.fields) });
    } catch (error) {
      failure = error instanceof SendError ? error : new SendError("", { retry: true });
    }
    busy = false;
    if (failure === null) {
      queue.shift();
      delay = RETRY_FIRST_MS;
      onSent(item, answer);
      pump();
    } else if (failure.retry) {
      onWaiting(failure);
      later();
    } else {
      refused = true;
      queue.length = 0;
      onRefused(failure, item);
    }
  }

  window.addEventListener("online", function () {
    if (pending !== null) {
      window.clearTimeout(pending);
      pending = null;
      delay = RETRY_FIRST_MS;
      pump();
    }
  });

  return {
    // `kind` is "chunk" or "finish"; `fields` the form fields (a Blob among them).
    add: function (kind, url, fields) {
      if (!refused) {
        queue.push({ kind: kind, url: url, fields: fields });
        pump();
      }
    },
    get waiting() {
      return queue.length;
    },
    get refused() {
      return refused;
    },
  };
}
