"""Rewrite the site's root-relative URLs ("/actions/", "/static/...") so the export works from anywhere.

Pages and assets get relative URLs, so the same files work at a domain's root, under a sub-path and
straight from a disk. Links that need the application (sign-in, admin, JSON API, filtered lists) become
absolute links to the live site, never relative links to files that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlunsplit

from .references import Reference, css_references, replace_urls, source_maps
from .scope import LinkStyle, Target, TargetKind, classify, relative_url


@dataclass(frozen=True)
class Rewriter:
    live_url: str  # the live application, e.g. "https://onestockport.example"
    link_style: LinkStyle = LinkStyle.DIRECTORY
    # Set for documents served at any address (the 404 page): links are absolute under the export's URL.
    absolute_base: str | None = None

    def live(self, target: Target) -> str:
        return self.live_url.rstrip("/") + urlunsplit(("", "", target.path, target.query, target.fragment))

    def url(self, reference: Reference, target: Target, *, source: str) -> str | None:
        """The new URL for a reference found in the document at `source`; None keeps it as it is."""
        if target.kind is TargetKind.UNCHANGED:
            return None
        if target.kind is TargetKind.LIVE:
            return self.live(target)
        is_page = target.kind is TargetKind.PAGE
        if self.absolute_base is not None:
            path = target.path
            if is_page and self.link_style is LinkStyle.FILE and path.endswith("/"):
                path += "index.html"
            new = self.absolute_base.rstrip("/") + path
        else:
            style = self.link_style if is_page else LinkStyle.DIRECTORY  # files keep their own names
            new = relative_url(source=source, target=target.path, link_style=style)
            if not reference.escaped and not new.startswith(("./", "../")):
                new = "./" + new  # a module specifier must start with ./ or ../ to count as a relative URL
        return new + (f"#{target.fragment}" if target.fragment else "")

    def html(self, text: str, *, source: str, references: list[tuple[Reference, Target]]) -> str:
        targets = {ref.start: target for ref, target in references}
        return replace_urls(
            text, (ref for ref, _ in references), lambda ref: self.url(ref, targets[ref.start], source=source)
        )

    def stylesheet(self, text: str, *, source: str) -> tuple[str, list[str]]:
        """The stylesheet with relative URLs, and the static paths it uses (fonts, images, imports, its map)."""
        references = css_references(text) + source_maps(text)
        return self._file(text, source=source, references=references)

    def script(self, text: str, *, source: str) -> tuple[str, list[str]]:
        """The script (its source map comment rewritten) and the static paths it names."""
        return self._file(text, source=source, references=source_maps(text))

    def _file(self, text: str, *, source: str, references: list[Reference]) -> tuple[str, list[str]]:
        targets = {ref.start: classify(ref.url, source=source) for ref in references}
        used = [target.path for target in targets.values() if target.kind is TargetKind.ASSET]
        # Inside a static file, relative URLs resolve against the file itself, wherever the export is mounted.
        relative = Rewriter(live_url=self.live_url)
        rewritten = replace_urls(text, references, lambda ref: relative.url(ref, targets[ref.start], source=source))
        return rewritten, used
