"""Bytes to text: binary sniffing, encoding detection, and bounded gzip decompression."""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Magic numbers of common binary formats people drop into a news folder by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"), (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"), (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"), (b"7z\xbc\xaf", "7-Zip archive"), (b"SQLite format 3", "SQLite database"),
)
# Share of replacement or control characters above which decoded text is called garbage.
# Real pages measured in benchmarks/extraction.py stay below 0.1 %; binary noise is far above.
MAX_BAD_CHAR_SHARE = 0.02
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class BinaryContent(ValueError):
    """The bytes are not text."""


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text."""
    for magic, name in BINARY_SIGNATURES:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return "binary data (NUL bytes)"
    return None


def decode_bytes(data: bytes, *, html: bool = False, declared: str | None = None) -> Decoded:
    """Decode ``data``: a BOM, then the declared or <meta> charset, then UTF-8, then detection.

    Raises ``BinaryContent`` when the bytes are not text in any encoding.
    """
    name = sniff_binary(data)
    if name:
        raise BinaryContent(name)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding)
    candidates = [declared] if declared else []
    if html:
        match = META_CHARSET.search(data[:4096])
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    for encoding in [*candidates, "utf-8"]:
        try:
            codecs.lookup(encoding)
            return _checked(data.decode(encoding), encoding.lower())
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise BinaryContent("bytes that are not text in any detectable encoding")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> Decoded:
    if text and len(CONTROL.findall(text)) / len(text) > MAX_BAD_CHAR_SHARE:
        raise BinaryContent(f"text full of control or undecodable characters (as {encoding})")
    return Decoded(text, encoding)


class DecompressionLimit(ValueError):
    """Decompressed data would exceed the allowed size."""


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data`` (all members, as in .warc.gz) holding at most ``limit`` output bytes."""
    out = bytearray()
    chunk_size = 64 * 1024
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        for start in range(0, len(data), chunk_size):
            out += inflater.decompress(data[start : start + chunk_size], limit + 1 - len(out))
            while inflater.unconsumed_tail and len(out) <= limit:
                out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
            if len(out) > limit:
                raise DecompressionLimit(f"decompresses to more than {limit:,} bytes (possible gzip bomb)")
            if inflater.eof:
                break
        out += inflater.flush()
        if len(out) > limit:
            raise DecompressionLimit(f"decompresses to more than {limit:,} bytes (possible gzip bomb)")
        if not inflater.eof:
            raise zlib.error("truncated gzip stream")
        data = inflater.unused_data.lstrip(b"\0")
    return bytes(out)
