"""Comment text: plain text with a small Markdown subset (links, emphasis, lists) and @mentions.

Everything the user typed is escaped first; only the subset below becomes markup, and the result goes through
nh3 (an allow-list sanitiser) as well, so nothing a user types can run script, load a resource or carry an
attribute such as `hx-get` or `onerror`.
"""

import html
import re

import nh3
from django.utils.safestring import mark_safe

MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+])")
# The text is escaped before these run: a URL ends where an escaped quote or angle bracket starts (and at
# typographic quotes, which a URL does not contain but prose around it does).
_URL_CHAR = r"(?:(?!&quot;|&#x27;|&lt;|&gt;)[^\s<>\"'“”‘’«»])"
# A link target may hold one level of balanced parentheses, as Wikipedia's do: …/wiki/Wet_(recht).
LINK_RE = re.compile(rf"\[([^\[\]\n]{{1,300}})\]\(((?:(?![()]){_URL_CHAR}|\((?:(?![()]){_URL_CHAR})*\))+)\)")
BARE_URL_RE = re.compile(rf"(?<![\w\"'=/])(https?://{_URL_CHAR}{{1,2000}})")
TRAILING = ("&amp;", ".", ",", ";", ":", "!", "?", "*", "_")
STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM_RE = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
CODE_RE = re.compile(r"`([^`\n]{1,500})`")
BULLET_RE = re.compile(r"^\s*[-*•]\s+")
NUMBERED_RE = re.compile(r"^\s*\d{1,3}[.)]\s+")
SAFE_SCHEMES = ("http://", "https://", "mailto:")

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "a", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "ol": {"start"}}


def find_mentions(text: str) -> list[str]:
    """The usernames mentioned in `text`, in order, each once; an @ inside code, a link or a bare URL
    (https://medium.com/@auteur) is no mention, as `render` shows it."""
    text = CODE_RE.sub(" ", text or "")
    text = LINK_RE.sub(" ", text)
    text = BARE_URL_RE.sub(" ", text)
    names = [m.group(1) for m in MENTION_RE.finditer(text)]
    return list(dict.fromkeys(names))


def _trim_url(url: str) -> str:
    """A bare URL without the punctuation that ends the sentence around it (an unbalanced ")" included)."""
    while True:
        ending = next((t for t in TRAILING if url.endswith(t)), None)
        if ending is None and url.endswith(")") and url.count(")") > url.count("("):
            ending = ")"
        if ending is None:
            return url
        url = url[: -len(ending)]


def _safe_url(url: str) -> str | None:
    raw = html.unescape(url)
    compact = re.sub(r"[\s\x00-\x1f]", "", raw).lower()
    return url if compact.startswith(SAFE_SCHEMES) else None


def _inline(escaped: str, mentioned: set[str]) -> str:
    placeholders: list[str] = []

    def keep(fragment: str) -> str:
        placeholders.append(fragment)
        return f"\x00{len(placeholders) - 1}\x00"

    def code(match):
        return keep(f"<code>{match.group(1)}</code>")

    def link(match):
        label, url = match.group(1), match.group(2)
        safe = _safe_url(url)
        return keep(f'<a href="{safe}">{label}</a>') if safe else match.group(0)

    def bare(match):
        url = _trim_url(match.group(1))
        rest = match.group(1)[len(url) :]
        return keep(f'<a href="{url}">{url}</a>') + rest

    def mention(match):
        name = match.group(1)
        if name not in mentioned:
            return match.group(0)
        return keep(f'<span class="mention">@{name}</span>')

    text = CODE_RE.sub(code, escaped)
    text = LINK_RE.sub(link, text)
    text = BARE_URL_RE.sub(bare, text)
    text = MENTION_RE.sub(mention, text)
    text = STRONG_RE.sub(r"<strong>\1</strong>", text)
    text = EM_RE.sub(r"<em>\1</em>", text)
    for _ in range(3):  # a link's label may hold code: placeholders inside placeholders
        text = re.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], text)
    return text


def _blocks(text: str) -> list[list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def render(text: str, mentioned: set[str] | frozenset[str] = frozenset()) -> str:
    """The comment as safe HTML; `mentioned` are the usernames that are real mentions (highlighted)."""
    escaped = html.escape((text or "").replace("\x00", ""), quote=True)
    out = []
    for block in _blocks(escaped):
        if all(BULLET_RE.match(line) for line in block):
            items = "".join(f"<li>{_inline(BULLET_RE.sub('', line), mentioned)}</li>" for line in block)
            out.append(f"<ul>{items}</ul>")
        elif all(NUMBERED_RE.match(line) for line in block):
            items = "".join(f"<li>{_inline(NUMBERED_RE.sub('', line), mentioned)}</li>" for line in block)
            start = int(re.match(r"\s*(\d+)", block[0]).group(1))
            out.append(f'<ol start="{start}">{items}</ol>' if start != 1 else f"<ol>{items}</ol>")
        else:
            out.append("<p>" + "<br>".join(_inline(line.strip(), mentioned) for line in block) + "</p>")
    cleaned = nh3.clean(
        "".join(out),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped above, then sanitised by nh3's allow-list
