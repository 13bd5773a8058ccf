import gzip

import pytest

from rashomon.ingest.decode import BinaryContent, DecompressionLimit, decode_bytes, gunzip_bounded, sniff_binary

RUSSIAN = "Совет одобрил строительство нового паромного терминала в гавани."
FRENCH = "Le conseil a approuvé le nouveau terminal de ferry, malgré l'opposition des élus."


def test_utf8_is_decoded_as_utf8():
    assert decode_bytes(RUSSIAN.encode("utf-8")).text == RUSSIAN


def test_windows_1251_is_detected():
    decoded = decode_bytes((RUSSIAN + " " + RUSSIAN).encode("cp1251"))
    assert decoded.text.startswith("Совет одобрил")
    assert decoded.encoding in ("cp1251", "windows-1251")


def test_latin_1_is_detected():
    decoded = decode_bytes(FRENCH.encode("latin-1"))
    assert "approuvé" in decoded.text and "élus" in decoded.text


def test_html_meta_charset_wins_over_detection():
    html = '<html><head><meta charset="windows-1252"></head><body>“quoted” café</body></html>'
    assert "“quoted” café" in decode_bytes(html.encode("cp1252"), html=True).text


def test_utf16_with_bom():
    assert decode_bytes("\ufeffhello world".encode("utf-16")).text.strip("\ufeff") == "hello world"


@pytest.mark.parametrize("data,name", [(b"%PDF-1.7 ...", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"),
                                       (b"PK\x03\x04rest", "ZIP"), (b"abc\x00\x00\x01def", "NUL")])
def test_binary_is_named(data, name):
    assert name in (sniff_binary(data) or "")
    with pytest.raises(BinaryContent):
        decode_bytes(data)


def test_control_character_garbage_is_rejected():
    with pytest.raises(BinaryContent):
        decode_bytes(bytes(range(1, 32)) * 50)


def test_gunzip_bounded_reads_all_members():
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert gunzip_bounded(data, 1000) == b"first second"


def test_gunzip_bounded_stops_a_bomb_early():
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB of zeros in about 50 KB
    assert len(bomb) < 100_000
    with pytest.raises(DecompressionLimit, match="gzip bomb"):
        gunzip_bounded(bomb, 1_000_000)
