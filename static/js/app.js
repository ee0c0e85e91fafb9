// Focus management for in-place editing: after htmx swaps a form in, focus its first field (or its error
// summary); after a save swaps the result back, focus the element's heading so keyboard and screen-reader
// users keep their place. A static file (no inline script) so a strict Content-Security-Policy can apply.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.elt;
  if (!target || !target.isConnected) {
    target = document.getElementById(event.detail.target && event.detail.target.id);
  }
  if (!target) { return; }
  var errors = target.querySelector(".form-errors");
  var field = target.querySelector("input:not([type=hidden]), select, textarea");
  var heading = target.querySelector("h2, h3");
  var focusTarget = errors || (target.tagName === "FORM" ? field : heading);
  if (!focusTarget) { return; }
  if (!focusTarget.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA)$/.test(focusTarget.tagName)) {
    focusTarget.setAttribute("tabindex", "-1");
  }
  focusTarget.focus();
});
