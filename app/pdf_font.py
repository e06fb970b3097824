"""The Chinese font embedded in floorhr's PDFs (contracts, payslips), so any viewer shows the text.

reportlab's built-in CID font (STSong-Light) is only named in the PDF, not embedded: a phone's PDF
viewer, or pdftoppm without poppler-data, then shows blank pages. WenQuanYi Micro Hei is a TrueType
font (Debian's fonts-wqy-microhei, Apache-2.0 or GPL-3 with the font exception; scripts/setup installs
it); reportlab embeds the subset of glyphs a document uses. FLOORHR_PDF_FONT names another TrueType
(.ttf/.ttc) file.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

DEBIAN_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
EMBEDDED = "FloorhrCJK"
FALLBACK = "STSong-Light"  # not embedded: only where the font file is missing (a warning is logged)
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The registered font name to draw Chinese text with: the embedded TrueType font when its file is there."""
    path = DEBIAN_FONT
    if path.is_file():
        pdfmetrics.registerFont(TTFont(EMBEDDED, str(path), subfontIndex=0))
        return EMBEDDED
    log.warning("no CJK TrueType font at %s (run scripts/setup): PDFs name %s without embedding it", path, FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK
