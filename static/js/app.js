// Small progressive enhancements for htmx; a static file (no inline script) so a strict CSP can apply.

// Focus management for in-place editing, so keyboard and screen-reader users keep their place:
// a form swapped in gets focus on its first field (or its error summary); a saved element on its heading;
// an emptied placeholder (a cancelled or finished "add" form) hands focus to the "add" button after it.
function focusInside(el) {
  var chosen = el.querySelector("[data-focus]");  // a fragment that names where focus belongs (a question)
  if (chosen) { chosen.focus(); return; }
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

// A request of a part that refreshes itself (data-keep-focus: a result after a write elsewhere, a live preview while
// the user types) swaps its answer without moving focus away from where the user is.
function keepsFocus(detail) {
  var source = detail && detail.requestConfig && detail.requestConfig.elt;
  return !!(source && source.hasAttribute && source.hasAttribute("data-keep-focus"));
}

document.addEventListener("htmx:afterSwap", function (event) {
  if (keepsFocus(event.detail)) { return; }
  if (focusedOutOfBand) { focusedOutOfBand = false; return; }  // a new element already has focus
  var el = event.detail.elt;
  if (!el || !el.isConnected) {
    el = document.getElementById(event.detail.target && event.detail.target.id);
  }
  // A region refreshed by a filter or an event keeps focus where the user is (data-no-focus).
  if (el && el.id !== "flash" && !el.hasAttribute("data-no-focus")) { focusInside(el); }
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
document.addEventListener("htmx:beforeRequest", function (event) {
  if (keepsFocus(event.detail)) { return; }  // a message about the user's own request stays
  var flash = document.getElementById("flash");
  if (flash) { flash.innerHTML = ""; }
});

// A scenario's result refreshes itself when the server says a write changed it ("scenario-changed", see
// scenarios/effects.py): only the scenario the page shows, asking with the figures from before the write (signed by
// the server) so the answer can say was → nu. The effect of an earlier save beside another row goes.
document.addEventListener("htmx:configRequest", function (event) {
  var trigger = event.detail.triggeringEvent;
  if (!trigger || trigger.type !== "scenario-changed" || !trigger.detail) { return; }
  var shown = Number(event.detail.elt.getAttribute("data-scenario"));
  if ((trigger.detail.scenarios || []).indexOf(shown) === -1) { event.preventDefault(); return; }
  event.detail.parameters.was = trigger.detail.was;
  document.querySelectorAll(".save-effect").forEach(function (el) { el.remove(); });
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
  var menu = opener && opener.closest("details.menu");
  if (menu && !menu.open) { opener = menu.querySelector("summary"); }  // the link sits in a closed "More" menu
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
  var link = event.target.closest && event.target.closest("[data-focus-field]");
  var field = link && document.getElementById(link.dataset.focusField);
  if (!field) { return; }
  event.preventDefault();
  field.focus();
  if (field.select) { field.select(); }
});

// The "More" menu of an element (a <details>, so it works without JavaScript): Escape closes it and returns focus
// to its button; it closes when focus or a click goes elsewhere, when another opens, and once an item is chosen.
function closeMenu(menu, focusButton) {
  menu.open = false;
  if (focusButton) { menu.querySelector("summary").focus(); }
}
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || !event.target.closest) { return; }
  var menu = event.target.closest("details.menu[open]");
  if (menu) { event.preventDefault(); closeMenu(menu, true); }
});
document.addEventListener("toggle", function (event) {
  var menu = event.target;
  if (!menu.matches || !menu.matches("details.menu") || !menu.open) { return; }
  document.querySelectorAll("details.menu[open]").forEach(function (other) {
    if (other !== menu) { other.open = false; }
  });
}, true);
document.addEventListener("click", function (event) {
  var inMenu = event.target.closest && event.target.closest("details.menu");
  document.querySelectorAll("details.menu[open]").forEach(function (menu) {
    if (menu !== inMenu) { menu.open = false; }
  });
  var item = event.target.closest && event.target.closest("details.menu .menu-items a");
  if (item && inMenu) { inMenu.open = false; }
});
document.addEventListener("focusout", function (event) {
  var menu = event.target.closest && event.target.closest("details.menu[open]");
  if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) { menu.open = false; }
});

// "Cancel" of a delete confirmation shown in place: remove it and return focus to the element's "More" button.
document.addEventListener("click", function (event) {
  var cancel = event.target.closest && event.target.closest("[data-dismiss-confirm]");
  var slot = cancel && cancel.closest(".confirm-slot");
  if (!slot) { return; }
  event.preventDefault();
  var row = slot.parentElement;
  slot.innerHTML = "";
  var button = row && row.querySelector("details.menu > summary");
  if (button) { button.focus(); }
});

// The result kept in sight (.result-bar, sticky at the top) must not cover what gets focus or is jumped to:
// scrolling into view keeps clear of the bar's height, measured again whenever the bar or the window changes.
function clearResultBar() {
  var bar = document.querySelector(".result-bar");
  document.documentElement.style.scrollPaddingTop = bar ? (bar.offsetHeight + 8) + "px" : "";
}
document.addEventListener("DOMContentLoaded", clearResultBar);
document.addEventListener("htmx:afterSettle", clearResultBar);
window.addEventListener("resize", clearResultBar);

// What the save that led to this page changed (data-announce, e.g. the projection's totals was → nu) is said once the
// page has loaded: a live region speaks up about changes only, not about what a new page starts with.
document.addEventListener("DOMContentLoaded", function () {
  var said = document.querySelector("[data-announce]");
  var live = document.getElementById("live");
  if (said && live) { setTimeout(function () { live.textContent = said.textContent.trim(); }, 500); }
});

// On a phone the dossier's navigation (some twenty links) would fill the first screen: fold it behind a "Menu"
// button that names the current page. Wider screens, and browsers without JavaScript, show it open.
(function () {
  var toggle = document.querySelector(".nav-toggle");
  var groups = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!groups || !window.matchMedia) { return; }
  var phone = window.matchMedia("(max-width: 40rem)");
  function show(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    groups.hidden = !open;
  }
  function fit() {
    toggle.hidden = !phone.matches;
    show(!phone.matches);
  }
  toggle.addEventListener("click", function () { show(toggle.getAttribute("aria-expanded") !== "true"); });
  if (phone.addEventListener) { phone.addEventListener("change", fit); }
  fit();
})();
