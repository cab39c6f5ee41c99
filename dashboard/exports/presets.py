"""The formats and named sizes a map snapshot can be made in (the export menu offers them;
:mod:`dashboard.exports.snapshot` renders them)."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Preset:
    """An output size: the figure is laid out at ``width`` x ``height`` CSS pixels; a PNG is
    that times ``png_scale``, a PDF page that times 0.75 pt x ``pdf_scale``."""

    name: str
    label: str
    width: int
    height: int
    png_scale: float
    pdf_scale: float

    def scale(self, fmt: str) -> float:
        """The render scale for ``fmt``."""
        return {"png": self.png_scale, "pdf": self.pdf_scale}.get(fmt, 1.0)


PRESETS = {
    # 1920 x 1080 px; as PDF a 16:9 slide page of 960 x 540 pt (13.33 x 7.5 in)
    "slide": Preset("slide", "Slide (1920×1080)", 1920, 1080, 1.0, 0.5),
    # A4 landscape: PNG 3508 x 2480 px (300 dpi), PDF 842 x 595 pt
    "a4-landscape": Preset("a4-landscape", "A4 landscape (print)", 1754, 1240, 2.0, 0.64),
}
DEFAULT_PRESET = "slide"
