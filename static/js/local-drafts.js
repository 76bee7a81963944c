// This device's copies of answers typed here, kept in localStorage in case the server
// cannot be reached (static/js/interview/ uses them), and who may see them. Loaded on
// every page by base.html.
//
// Each copy is stored under its user's code: <body data-draft-owner>, an HMAC the server
// derives from the signed-in user, which does not say who they are. A page offers only its
// own user's copies and deletes any other it sees. A page the server sent to a signed-out
// visitor (<body data-signed-out>) proves the session is gone, so it deletes them all; so
// do signing out, deleting the account, and a save the server refuses for want of a
// session. A page that could not be loaded (offline, server down) says nothing, and the
// copies stay: that is what they are for.

const PREFIX = "mockinterview:draft:";
const owner = document.body.dataset.draftOwner || "";
let sessionGone = false; // once it is, nothing more is kept on this page

function storedKeys() {
  try {
    return Object.keys(window.localStorage).filter(function (name) {
      return name.startsWith(PREFIX);
    });
  } catch (error) {
    return []; // storage off: nothing was kept
  }
}

function remove(name) {
  try {
    window.localStorage.removeItem(name);
  } catch (error) {
    // As above.
  }
}

function ownName(key) {
  return PREFIX + owner + ":" + key;
}

// Every copy on this device, whoever typed it.
export function forgetAll() {
  sessionGone = true;
  storedKeys().forEach(remove);
}

// Copies of other users, and old ones that name nobody (from before copies named users).
function forgetOthers() {
  const mine = PREFIX + owner + ":";
  storedKeys()
    .filter(function (name) {
      return !name.startsWith(mine);
    })
    .forEach(remove);
}

// This page's user's copies, by the page's own key (an answer's interview and position).
// Each entry: {text, at (ms, when typed), submit (Submit was pressed but did not get through)}.
export const local = {
  read: function (key) {
    if (!owner || sessionGone) {
      return null;
    }
    try {
      return JSON.parse(window.localStorage.getItem(ownName(key)) || "null");
    } catch (error) {
      return null; // storage off or full: the page still works, only without this copy
    }
  },
  write: function (key, entry) {
    if (!owner || sessionGone) {
      return;
    }
    try {
      window.localStorage.setItem(ownName(key), JSON.stringify(entry));
    } catch (error) {
      // As above.
    }
  },
  forget: function (key) {
    remove(ownName(key));
  },
};

if (document.body.hasAttribute("data-signed-out")) {
  forgetAll();
} else if (owner) {
  forgetOthers();
}

// The server no longer knows this browser's session: core/htmx.py's login_required answers
// an htmx request with 401, a stale CSRF token (the session changed) gets 403.
document.addEventListener("htmx:afterRequest", function (event) {
  const xhr = event.detail.xhr;
  if (xhr && (xhr.status === 401 || xhr.status === 403)) {
    forgetAll();
  }
});

// Signing out or deleting the account: the next person at a shared computer must not find
// the text. (After either, the page that follows is signed out and would clear them too.)
document.addEventListener("submit", function (event) {
  if (event.target.matches("[data-sign-out], [data-forget-drafts]")) {
    forgetAll();
  }
});
