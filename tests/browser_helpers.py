"""Helpers for the browser tests: axe with the WCAG 2.2 AA rule set and a readable report, waiting for an htmx
swap to settle, logging in through the form (with the mouse or the keyboard) and reaching a control by Tab."""

from contextlib import contextmanager

from playwright.sync_api import expect

from .conftest import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Counts settled htmx swaps. A zero-delay timeout lets app.js's own afterSettle handlers (focus) run first.
HTMX_SWAP_COUNTER = """
window.__htmxSettled = 0;
document.addEventListener("htmx:afterSettle", function () {
  setTimeout(function () { window.__htmxSettled += 1; }, 0);
});
"""


def axe_report(violations) -> str:
    """One block per violated rule: its id, impact and help, then each element with axe's reasons."""
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(str(t) for t in node['target'])}: {node['html'][:200]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"      * {check['message']}")
    return "\n".join(lines)


def axe_violations(page, tags=WCAG_TAGS):
    """(count, readable report) of axe's violations of WCAG 2.0/2.1 A and AA and 2.2 AA on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]})
    violations = result.response["violations"]
    return len(violations), axe_report(violations)


def assert_accessible(page, where: str = "") -> None:
    count, report = axe_violations(page)
    assert count == 0, f"{where or page.url}\n{report}"


def count_htmx_swaps(page) -> None:
    """Make every page this page's context opens count its settled htmx swaps (see `htmx_swap`)."""
    page.context.add_init_script(HTMX_SWAP_COUNTER)


@contextmanager
def htmx_swap(page):
    """Wait, after the body, until at least one more htmx swap has settled and no request is under way."""
    before = page.evaluate("window.__htmxSettled")
    assert before is not None, "call count_htmx_swaps(page) before loading the page"
    yield
    page.wait_for_function("n => window.__htmxSettled > n", arg=before)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def focus_description(page) -> str:
    return page.evaluate(
        """() => { const el = document.activeElement;
        return el ? `<${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}">`
          + (el.innerText || el.value || "").trim().slice(0, 80) : "nothing"; }"""
    )


def tab_to(page, locator, max_presses: int = 200, backwards: bool | None = None) -> int:
    """Press Tab until `locator` has focus (Shift+Tab when it comes before the focused element, or as `backwards`
    says); fail when it is not reached within `max_presses`. Returns the number of presses."""
    if backwards is None:
        backwards = locator.evaluate(
            """el => { const now = document.activeElement;
            return !!now && now !== document.body
              && !!(now.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING); }"""
        )
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(max_presses + 1):
        if is_focused(locator):
            return presses
        page.keyboard.press(key)
    raise AssertionError(f"{locator} not reached with {max_presses} × {key}; focus is on {focus_description(page)}")


def assert_focus_after_swap(page, region) -> None:
    """After an htmx swap focus is inside the swapped `region` or on a live message, never lost to <body>."""
    where = page.evaluate(
        """region => { const el = document.activeElement;
        if (!el || el === document.body || el === document.documentElement) return "body";
        if (region && region.contains(el)) return "region";
        if (el.closest("[aria-live], [role=status], [role=alert]")) return "live";
        return "elsewhere"; }""",
        region.element_handle() if region is not None and region.count() else None,
    )
    assert where in ("region", "live"), f"focus after the swap is {where}: {focus_description(page)}"


@contextmanager
def page_load(page):
    """Wait, after the body, until a new document has replaced the current one and has loaded."""
    page.evaluate("window.__replaced = false")
    yield
    page.wait_for_function("() => window.__replaced === undefined && document.readyState === 'complete'")


def log_in(page, start_url: str, username: str, *, keyboard: bool = False):
    """Open the start page (which asks to log in) and log in through the form; land on the list of dossiers."""
    page.goto(start_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page, "login page")
    name, password = page.get_by_label("Gebruikersnaam"), page.get_by_label("Wachtwoord")
    with page_load(page):
        if keyboard:
            tab_to(page, name)  # Django's login form puts the focus there already (autofocus)
            page.keyboard.type(username)
            page.keyboard.press("Tab")
            expect(password).to_be_focused()
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
        else:
            name.fill(username)
            password.fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw dossiers")
    assert_accessible(page, "list of dossiers")
    if keyboard:
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()  # the skip link comes first
    return page


def log_out(page, *, keyboard: bool = False) -> None:
    button = page.get_by_role("button", name="Uitloggen")
    with page_load(page):
        if keyboard:
            tab_to(page, button)
            page.keyboard.press("Enter")
        else:
            button.click()
    expect(button).to_have_count(0)
