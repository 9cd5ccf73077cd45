"""A sitemap with root-relative locations, for a site published under any host and sub-path."""

from __future__ import annotations

from xml.sax.saxutils import escape


def sitemap(urls: list[str]) -> str:
    entries = "".join(
        f"  <url><loc>{escape(url) or './'}</loc></url>\n" for url in sorted(set(urls))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )
