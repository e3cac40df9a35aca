"""axe-core checks for every page a browser test sees.

`assert_accessible(page)` runs axe-core (WCAG 2.0 A/AA, 2.1 AA and 2.2 AA rules) on the page as it is
now and fails on any serious or critical violation, listing each one readably. The page objects in
`pages.py` call it whenever they arrive on a page, and the `page` fixture in `conftest.py` fails a
test that loaded a document which was never scanned, so a test cannot skip the check by accident.
"""

from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}

# Each document the browser loads gets an id (see DOCUMENT_ID_SCRIPT); a scan records the id here.
SCANNED_DOCUMENTS = set()
DOCUMENT_ID_SCRIPT = """
(() => {
    if (window.top !== window) return;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    Object.defineProperty(window, "__e2eDocumentId", {value: id});
    window.addEventListener("DOMContentLoaded", () => window.__e2eDocumentLoaded(id, location.href));
})();
"""

_axe = Axe()


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                lines.extend(f"       {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page):
    """Fail if axe-core finds a serious or critical WCAG 2.2 AA violation on the current page."""
    page.wait_for_load_state("load")
    document_id = page.evaluate("window.__e2eDocumentId || null")
    results = _axe.run(page, options=AXE_OPTIONS)
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    if document_id:
        SCANNED_DOCUMENTS.add(document_id)
    assert not serious, f"axe-core found accessibility violations on {page.url}:\n{describe(serious)}"
    return results.response["violations"]


def assert_no_horizontal_scrolling(page):
    """WCAG 1.4.10 Reflow: at 320 CSS pixels wide, nothing should need scrolling sideways."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .filter((el) => !el.closest(".visually-hidden, .skip-link, .table-wrap"))
                .slice(0, 5)
                .map((el) => el.outerHTML.slice(0, 120));
            return {width, scrollWidth: document.documentElement.scrollWidth, wide};
        }"""
    )
    assert overflow is None, f"{page.url} scrolls sideways at {overflow['width']}px: {overflow}"


FOCUS_STYLE_SCRIPT = """element => {
    const look = () => {
        const style = getComputedStyle(element);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            && !/rgba\\(.*, 0\\)$|transparent/.test(style.outlineColor)
            ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : "none";
        return {outline, background: style.backgroundColor, boxShadow: style.boxShadow, color: style.color};
    };
    const focused = look();
    element.blur();
    const unfocused = look();
    element.focus();
    return {focused, unfocused, stillFocused: element === document.activeElement};
}"""


def assert_focus_visible(locator):
    """WCAG 2.4.7 Focus Visible: the focused element is on screen and looks different for having the focus
    (an outline, or a change of background, shadow or colour)."""
    from playwright.sync_api import expect

    expect(locator).to_be_focused()
    expect(locator).to_be_in_viewport()
    looks = locator.evaluate(FOCUS_STYLE_SCRIPT)
    assert looks["stillFocused"], f"{locator} lost the focus while its focus style was checked"
    focused, unfocused = looks["focused"], looks["unfocused"]
    assert focused["outline"] != "none" or focused != unfocused, (
        f"{locator} looks the same with and without the keyboard focus: {focused}"
    )
