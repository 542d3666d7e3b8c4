"""Raster figures prepared for the output: colour space, resolution, compression.

Print: converted to CMYK (through an ICC output profile when the layout names
one and Pillow has littleCMS, otherwise Pillow's device conversion, which is
documented as a fallback), alpha flattened onto white.  Screen: RGB,
downsampled to the layout's maximum resolution at placed size.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..style.spec import LayoutSpec


def prepared_image(path: Path, placed_w: float, placed_h: float, spec: LayoutSpec):  # type: ignore[no-untyped-def]
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    out = spec.output
    with Image.open(path) as src:
        src.load()
        im = src
        if im.mode in ("RGBA", "LA", "P", "PA") or "transparency" in im.info:
            im = im.convert("RGBA")
            white = Image.new("RGB", im.size, (255, 255, 255))
            white.paste(im, mask=im.getchannel("A"))
            im = white
        if out.image_max_ppi > 0:
            max_w = round(placed_w / 72 * out.image_max_ppi)
            max_h = round(placed_h / 72 * out.image_max_ppi)
            if im.width > max_w * 1.05 and max_w > 0:
                im = im.resize((max_w, max(1, max_h)), Image.LANCZOS)
        if out.color_space == "cmyk":
            if im.mode not in ("CMYK", "L", "1"):
                im = _to_cmyk(im.convert("RGB"), spec)
        else:
            if im.mode not in ("RGB", "L"):
                im = im.convert("RGB")
        if im.mode == "1":
            im = im.convert("L")
        if out.jpeg_quality and im.mode in ("RGB", "L") and _photographic(im):
            import io

            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=out.jpeg_quality, optimize=True)
            buf.seek(0)
            return ImageReader(buf)  # embedded as DCT: a fraction of the size of Flate for photographs
        return ImageReader(im)


def _photographic(im) -> bool:  # type: ignore[no-untyped-def]
    """Many distinct colours means a photograph (JPEG suits it); few means line art (keep it lossless)."""
    sample = im.copy()
    sample.thumbnail((128, 128))
    colors = sample.getcolors(maxcolors=4096)
    return colors is None or len(colors) > 1024


def _to_cmyk(im, spec: LayoutSpec):  # type: ignore[no-untyped-def]
    if spec.output.output_intent:
        try:
            from PIL import ImageCms  # noqa: F401 - is littleCMS there?
        except ImportError:  # Pillow built without littleCMS: the documented device fallback
            return im.convert("CMYK")
        # the layout's press profile (validated when the layout was loaded) is the conversion's target, so
        # images separate as the output intent says the press prints (issue 10); a broken profile is an error,
        # never a silent fall back to the device formula
        icc = Path(spec.output_intent_path)
        return _rgb_to_press(str(icc), icc.stat().st_mtime_ns).apply(im)  # perceptual, for photographs
    return im.convert("CMYK")


@lru_cache(maxsize=4)
def _rgb_to_press(icc: str, _mtime: int):  # type: ignore[no-untyped-def]
    """sRGB -> the press profile, built once (per version of the file): a long brief has dozens of photographs."""
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(icc), "RGB", "CMYK")
