"""A small but valid CMYK output ICC profile (v2, lut16), for tests of the PDF/X output intent.

No CMYK press profile can be shipped with a clear licence here, so the tests
make one: device CMYK <-> sRGB by the naive formulas, expressed as Lab LUTs.
LittleCMS (through Pillow's ImageCms) opens and uses it, which the tests check.
"""

from __future__ import annotations

import itertools
import struct


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _srgb_to_lab(r: float, g: float, b: float) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = lin(r), lin(g), lin(b)
    # sRGB -> XYZ (D50, Bradford-adapted)
    x = 0.4360747 * r + 0.3850649 * g + 0.1430804 * b
    y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b
    z = 0.0139322 * r + 0.0971045 * g + 0.7141733 * b
    xn, yn, zn = 0.9642, 1.0, 0.8249

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / xn), f(y / yn), f(z / zn)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_to_srgb(L: float, a: float, b: float) -> tuple[float, float, float]:
    fy = (L + 16) / 116
    fx = fy + a / 500
    fz = fy - b / 200

    def finv(t: float) -> float:
        return t ** 3 if t ** 3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)

    x, y, z = 0.9642 * finv(fx), finv(fy), 0.8249 * finv(fz)
    r = 3.1338561 * x - 1.6168667 * y - 0.4906146 * z
    g = -0.9787684 * x + 1.9161415 * y + 0.0334540 * z
    bb = 0.0719453 * x - 0.2289914 * y + 1.4052427 * z

    def gam(c: float) -> float:
        c = min(1.0, max(0.0, c))
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    return gam(r), gam(g), gam(bb)


def _lab16(L: float, a: float, b: float) -> bytes:
    """Legacy (v2) 16-bit Lab encoding used by lut16Type."""
    def clamp(v: int) -> int:
        return max(0, min(65535, v))

    return struct.pack(">HHH", clamp(round(L * 652.8)), clamp(round((a + 128) * 256)),
                       clamp(round((b + 128) * 256)))


def _lut16(inputs: int, outputs: int, grid: int, clut: bytes) -> bytes:
    ident = b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    n = 2
    table = struct.pack(">HH", 0, 65535)
    return (b"mft2" + b"\0" * 4 + bytes([inputs, outputs, grid, 0]) + ident + struct.pack(">HH", n, n)
            + table * inputs + clut + table * outputs)


def _text(kind: bytes, text: str) -> bytes:
    if kind == b"desc":
        raw = text.encode("ascii") + b"\0"
        return (b"desc" + b"\0" * 4 + struct.pack(">I", len(raw)) + raw + b"\0" * 4 + b"\0" * 4
                + b"\0" * 3 + b"\0" * 67)
    return b"text" + b"\0" * 4 + text.encode("ascii") + b"\0"


def cmyk_profile(description: str = "briefpress test CMYK") -> bytes:
    """Bytes of an ICC v2 output ('prtr') profile with a CMYK device space and a Lab PCS."""
    # A2B0: CMYK -> Lab on a 3-point grid
    clut = bytearray()
    grid = 3
    for c, m, y, k in itertools.product(range(grid), repeat=4):
        cc, mm, yy, kk = (v / (grid - 1) for v in (c, m, y, k))
        r, g, b = (1 - cc) * (1 - kk), (1 - mm) * (1 - kk), (1 - yy) * (1 - kk)
        clut += _lab16(*_srgb_to_lab(r, g, b))
    a2b = _lut16(4, 3, grid, bytes(clut))
    # B2A0: Lab -> CMYK on a 9-point grid (grid inputs are the encoded L, a, b)
    clut = bytearray()
    gl = 9
    gamut = bytearray()
    for i, j, k in itertools.product(range(gl), repeat=3):
        L = i / (gl - 1) * 100
        a = j / (gl - 1) * 255 - 128
        b = k / (gl - 1) * 255 - 128
        r, g, bb = _lab_to_srgb(L, a, b)
        kk = 1 - max(r, g, bb)
        if kk >= 1:
            cmyk = (0.0, 0.0, 0.0, 1.0)
        else:
            cmyk = ((1 - r - kk) / (1 - kk), (1 - g - kk) / (1 - kk), (1 - bb - kk) / (1 - kk), kk)
        clut += struct.pack(">HHHH", *(round(v * 65535) for v in cmyk))
        gamut += struct.pack(">H", 0)
    b2a = _lut16(3, 4, gl, bytes(clut))
    gamt = _lut16(3, 1, gl, bytes(gamut))
    wtpt = b"XYZ " + b"\0" * 4 + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    tags = [(b"desc", _text(b"desc", description)), (b"cprt", _text(b"cprt", "No copyright, use freely")),
            (b"wtpt", wtpt), (b"A2B0", a2b), (b"B2A0", b2a), (b"gamt", gamt)]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries = b""
    data = b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        entries += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = 128 + table_size + len(data)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"prtr" + b"CMYK" + b"Lab "
              + struct.pack(">6H", 2006, 2, 1, 0, 0, 0) + b"acsp" + b"APPL" + struct.pack(">I", 0) + b"\0" * 8
              + b"\0" * 8 + struct.pack(">I", 0) + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"bfps"
              + b"\0" * 44)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + entries + data
