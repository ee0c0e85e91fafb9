// Small progressive enhancements for htmx; a static file (no inline script) so a strict CSP can apply.

// Focus management for in-place editing, so keyboard and screen-reader users keep their place:
// a form swapped in gets focus on its first field (or its error summary); a saved element on its heading;
// an emptied placeholder (a cancelled or finished "add" form) hands focus to the "add" button after it.
function focusInside(el) {
  var step = el.querySelector("[data-step-focus]");  // after an undo or redo: its note, then the way on
  if (step) { step.focus(); return; }
  var errors = el.querySelector(".form-errors");
  var field = el.querySelector("input:not([type=hidden]), select, textarea");
  var heading = el.querySelector("h2, h3");
  var target = errors || (el.tagName === "FORM" ? field : heading) || el.querySelector("button, a[href]");
  if (!target && el.children.length === 0 && el.nextElementSibling) {
    target = el.nextElementSibling.querySelector("a[href], button");
  }
  target = target || el;
  if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
}

var focusedOutOfBand = false;

document.addEventListener("htmx:afterSwap", function (event) {
  if (focusedOutOfBand) { focusedOutOfBand = false; return; }  // a new element already has focus
  var el = event.detail.elt;
  if (!el || !el.isConnected) {
    el = document.getElementById(event.detail.target && event.detail.target.id);
  }
  if (el && el.id !== "flash") { focusInside(el); }
});

// A newly added element arrives out of band at the end of its list: move focus to it.
document.addEventListener("htmx:oobAfterSwap", function (event) {
  var list = event.detail.target;
  if (list && /-list(-\d+)?$/.test(list.id) && list.lastElementChild) {
    focusInside(list.lastElementChild);
    focusedOutOfBand = true;
  }
});

// An error answer (403, 404, 500, no connection) is not swapped in by htmx: say what happened.
function showError(status) {
  var flash = document.getElementById("flash");
  if (!flash) { return; }
  var data = document.body.dataset;
  var text = status === 403 ? data.error403 : status === 404 ? data.error404 : data.errorOther;
  flash.innerHTML = "";
  var p = document.createElement("p");
  p.className = "error-text";
  p.textContent = text;
  flash.appendChild(p);
  flash.scrollIntoView({block: "nearest"});
}
document.addEventListener("htmx:responseError", function (event) { showError(event.detail.xhr.status); });
document.addEventListener("htmx:sendError", function () { showError(0); });
document.addEventListener("htmx:beforeRequest", function () {
  var flash = document.getElementById("flash");
  if (flash) { flash.innerHTML = ""; }
});

// Threads opened in place: focus moves to the panel's heading; "Close comments" empties the panel and
// returns focus to the link that opened it.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.target;
  if (target && target.classList && target.classList.contains("thread-panel") && target.firstElementChild) {
    var heading = target.querySelector("h2, h3");
    if (heading && !target.querySelector(".form-errors")) { heading.focus(); }
  }
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-close-panel]");
  if (!button) { return; }
  var panel = button.closest(".thread-panel");
  if (!panel) { return; }
  var opener = document.querySelector('[hx-target="#' + panel.id + '"]');
  panel.innerHTML = "";
  if (opener) { opener.focus(); }
});

// @mentions: typing "@" and a few letters in a comment offers the dossier's members (a listbox under the
// field; arrow keys, Enter or Tab to choose, Escape to close). Without JavaScript one types @username.
var mentionMembers = {};
function loadMembers(url) {
  if (!mentionMembers[url]) {
    mentionMembers[url] = fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {members: []}; })
      .then(function (data) { return data.members || []; })
      .catch(function () { return []; });
  }
  return mentionMembers[url];
}
function mentionQuery(field) {
  var before = field.value.slice(0, field.selectionStart);
  var match = /(^|[^\w@.+-])@([\w.+-]*)$/.exec(before);
  return match ? {text: match[2], start: before.length - match[2].length - 1} : null;
}
function closeMentions(field) {
  var list = document.getElementById(field.id + "-mentions");
  if (list) { list.remove(); }
  field.removeAttribute("aria-activedescendant");
  field.removeAttribute("aria-controls");
}
function chooseMention(field, username) {
  var query = mentionQuery(field);
  if (!query) { return; }
  var after = field.value.slice(field.selectionStart);
  field.value = field.value.slice(0, query.start) + "@" + username + " " + after;
  var caret = query.start + username.length + 2;
  field.setSelectionRange(caret, caret);
  closeMentions(field);
  field.focus();
}
function showMentions(field, members, query) {
  closeMentions(field);
  var needle = query.text.toLowerCase();
  var found = members.filter(function (m) {
    return m.username.toLowerCase().indexOf(needle) === 0 || m.name.toLowerCase().indexOf(needle) !== -1;
  }).slice(0, 8);
  if (!found.length) { return; }
  var list = document.createElement("ul");
  list.id = field.id + "-mentions";
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", field.dataset.mentionsLabel || "Leden");
  found.forEach(function (m, i) {
    var item = document.createElement("li");
    item.id = list.id + "-" + i;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", i === 0 ? "true" : "false");
    item.dataset.username = m.username;
    item.textContent = m.name + " (@" + m.username + ", " + m.role + ")";
    item.addEventListener("mousedown", function (e) { e.preventDefault(); chooseMention(field, m.username); });
    list.appendChild(item);
  });
  field.insertAdjacentElement("afterend", list);
  field.setAttribute("aria-controls", list.id);
  field.setAttribute("aria-activedescendant", list.firstChild.id);
}
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("textarea[data-mentions]")) { return; }
  var form = field.closest("form[data-mentions-url]");
  var query = form && mentionQuery(field);
  if (!query) { closeMentions(field); return; }
  field.setAttribute("aria-autocomplete", "list");
  loadMembers(form.dataset.mentionsUrl).then(function (members) {
    var now = mentionQuery(field);
    if (now && now.text === query.text) { showMentions(field, members, query); }
  });
});
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("textarea[data-mentions]")) { return; }
  var list = document.getElementById(field.id + "-mentions");
  if (!list) { return; }
  var options = Array.prototype.slice.call(list.children);
  var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    var next = (current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
    field.setAttribute("aria-activedescendant", options[next].id);
  } else if (event.key === "Enter" || event.key === "Tab") {
    event.preventDefault();
    chooseMention(field, options[Math.max(current, 0)].dataset.username);
  } else if (event.key === "Escape") {
    event.preventDefault();
    closeMentions(field);
  }
});
document.addEventListener("focusout", function (event) {
  var field = event.target;
  if (field.matches && field.matches("textarea[data-mentions]")) {
    setTimeout(function () { if (document.activeElement !== field) { closeMentions(field); } }, 150);
  }
});

// "No, change it" beside a question about a large change: back into the amount, selected, to type it again.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-focus]");
  var field = link && document.getElementById(link.dataset.focus);
  if (!field) { return; }
  event.preventDefault();
  field.focus();
  if (field.select) { field.select(); }
});
