"""How readable a PDF's text is: words located with pdftotext, pixels read from pdftoppm's PNG."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

DPI = 110
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class WordContrast:
    page: int
    text: str
    ratio: float


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def word_contrasts(pdf: Path, workdir: Path) -> list[WordContrast]:
    """Every word of the PDF with the contrast between its ink and the background under it."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(workdir / "p")], check=True)
    pngs = sorted(workdir.glob("p-*.png"))
    found: list[WordContrast] = []
    for number, (page_xml, png) in enumerate(zip(xml.split("<page ")[1:], pngs, strict=True), 1):
        size = _PAGE.search("<page " + page_xml)
        assert size is not None
        image = Image.open(png).convert("RGB")
        scale = image.width / float(size.group(1))
        for x0, y0, x1, y1, text in _WORD.findall(page_xml):
            box = tuple(round(float(v) * scale) for v in (x0, y0, x1, y1))
            pixels = list(image.crop(box).getdata())  # type: ignore[arg-type]
            if not pixels:
                continue
            background = Counter(pixels).most_common(1)[0][0]
            ink = max(pixels, key=lambda p: contrast_ratio(p, background))
            found.append(WordContrast(number, text, contrast_ratio(ink, background)))
    return found
