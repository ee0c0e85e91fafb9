// Small progressive enhancements for htmx; a static file (no inline script) so a strict CSP can apply.

// Focus management for in-place editing, so keyboard and screen-reader users keep their place:
// a form swapped in gets focus on its first field (or its error summary); a saved element on its heading;
// an emptied placeholder (a cancelled or finished "add" form) hands focus to the "add" button after it.
function focusInside(el) {
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
