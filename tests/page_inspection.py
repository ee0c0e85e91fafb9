"""Pages inspected as a browser (or WeasyPrint) would read them, for the form fuzzing and the payload suites: a page
parsed into its elements, script/style contents and visible text, and everything in it that user text could have
turned into markup (event handlers, htmx requests outside the app, script or file URLs, resources and form targets
outside the app, stylesheets that fetch)."""


def _inspector_class():
    from werkgroep.tests.test_werkgroep_security import Inspector

    class Elements(Inspector):
        """Inspector (tags, attributes, visible text) that also keeps each element with its own attributes and the
        content of script and style elements."""

        def __init__(self, page):
            self.elements, self.raw, self._in_raw = [], [], None
            super().__init__(page)

        def handle_starttag(self, tag, attrs):
            super().handle_starttag(tag, attrs)
            self.elements.append((tag, dict(attrs)))
            if tag in ("script", "style"):
                self._in_raw = [tag, attrs, ""]
                self.raw.append(self._in_raw)

        def handle_startendtag(self, tag, attrs):
            super().handle_starttag(tag, attrs)
            self.elements.append((tag, dict(attrs)))

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self._in_raw = None

        def handle_data(self, data):
            if self._in_raw is not None:
                self._in_raw[2] += data
            else:
                super().handle_data(data)

    return Elements


def parse(page: str):
    """The page's elements (tag, attributes), script/style contents and visible text (textarea content included)."""
    return _inspector_class()(page)


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite")
# Attributes that make the browser (or WeasyPrint) load something by themselves.
RESOURCE_TAGS = {
    "img",
    "script",
    "link",
    "iframe",
    "frame",
    "embed",
    "object",
    "source",
    "video",
    "audio",
    "input",
    "image",
    "use",
    "track",
}
HTMX_REQUESTS = ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "file:")


def _compact(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ord(ch) >= 32).lower()


def harmful(page: str, local: tuple[str, ...] = ()) -> list[str]:
    """Everything in `page` that user text could have turned into markup: event handlers, htmx attributes that
    request or run something not of the app, script or javascript: links, resources and form targets outside the
    app, stylesheets that import or fetch. Empty for a page whose user text is only text. `local`: URL prefixes that
    count as the app's own (the static files as the PDF addresses them)."""
    from django.urls import Resolver404, resolve

    found = []
    parsed = parse(page)
    for tag, attrs in parsed.elements:
        for name, value in attrs.items():
            value = value or ""
            name = name.lower()
            where = f"<{tag} {name}={value[:60]!r}>"
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                found.append(f"event handler {where}")
            if name.removeprefix("data-") in HTMX_REQUESTS:
                path = value.split("?")[0].split("#")[0]
                try:
                    if not path.startswith("/") or path.startswith("//"):
                        raise Resolver404
                    resolve(path)
                except Resolver404:
                    found.append(f"htmx request outside the app {where}")
            if name.removeprefix("data-") == "hx-trigger" and _compact(value) in ("load", "revealed", "intersect"):
                found.append(f"self-firing htmx trigger {where}")
            if name == "style" and ("url(" in _compact(value) or "expression(" in _compact(value)):
                found.append(f"style attribute that fetches {where}")
            if name in URL_ATTRIBUTES or name == "srcset":
                compact = _compact(value)
                if compact.startswith(BAD_SCHEMES):
                    found.append(f"script or file URL {where}")
                elif (tag in RESOURCE_TAGS and name != "action") or name in ("action", "formaction"):
                    own = (compact.startswith("/") and not compact.startswith("//")) or compact.startswith(local)
                    if not own and not compact.startswith(("data:image/", "data:font/", "#")) and compact:
                        found.append(f"resource or form target outside the app {where}")
        if tag in ("base", "iframe", "frame", "object", "embed", "applet"):
            found.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in attrs:
            found.append(f"<meta http-equiv={attrs['http-equiv']!r}>")
    for tag, attrs, content in parsed.raw:
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if content.strip() and attrs.get("type") not in ("application/json", "application/ld+json"):
                found.append(f"inline script {content[:60]!r}")
            if src and not src.startswith("/static/"):
                found.append(f"script from {src[:60]!r}")
        if tag == "style" and any(word in _compact(content) for word in ("@import", "url(", "expression(")):
            found.append(f"stylesheet that fetches {content[:60]!r}")
    return found


def visible_text(page: str) -> str:
    return "".join(parse(page).text)
