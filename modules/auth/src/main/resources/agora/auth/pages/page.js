"use strict";
(() => {
  // The link's token and territory: from the query (what the mails send) or the fragment.
  const query = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get("token") || query.get("token");
  const territory = fragment.get("territory") || query.get("territory");
  const act = document.getElementById("act");
  const ask = document.getElementById("ask");
  const outcome = document.getElementById("outcome");

  if (token) {
    // From here on the token lives only in this page: not in the address bar, history or bookmarks.
    history.replaceState(null, "", location.pathname + (territory ? "?territory=" + encodeURIComponent(territory) : ""));
  } else {
    act.hidden = true;
    if (ask) {
      ask.hidden = false;
    } else {
      outcome.textContent = act.dataset.missing;
    }
  }

  async function send(form, body) {
    const button = form.querySelector("button");
    button.disabled = true;
    outcome.textContent = "";
    const headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (territory) {
      headers["X-Territory"] = territory;
    }
    try {
      const answer = await fetch(form.dataset.api, {
        method: "POST", headers, body: JSON.stringify(body), credentials: "omit", cache: "no-store"
      });
      if (answer.ok) {
        form.hidden = true;
        outcome.textContent = form.dataset.done;
        return;
      }
      const problem = await answer.json().catch(() => ({}));
      const reasons = (problem.errors || []).map((error) => error.detail);
      outcome.textContent = [problem.detail || form.dataset.failed, ...reasons].join(" ");
    } catch (failure) {
      outcome.textContent = form.dataset.failed;
    }
    button.disabled = false;
  }

  act.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { token };
    const password = document.getElementById("password");
    if (password) {
      body.password = password.value;
    }
    send(act, body);
  });
  if (ask) {
    ask.addEventListener("submit", (event) => {
      event.preventDefault();
      send(ask, { email: document.getElementById("email").value });
    });
  }
})();
