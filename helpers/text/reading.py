"""Reading a file: bytes to text and SHA-256, or one line saying why the file cannot be used."""
from __future__ import annotations

import hashlib
from pathlib import Path

# File signatures of common non-text formats, so an image is named as such in the error.
SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx/.epub)",
    b"\x1f\x8b": "a gzip archive",
}
NUL_SCAN_BYTES = 65536  # a NUL byte in the first 64 KiB means binary (unless UTF-16 was named)


class InputError(ValueError):
    """A file that cannot be analysed; the message is one line: 'FILE: what is wrong'."""


def read_text(path: str | Path, encoding: str = "utf-8") -> tuple[str, str]:
    """Return (text, sha256) of a file, or raise `InputError` naming the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if not data:
        raise InputError(f"{path}: is empty")
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{path}: is {kind}, not text")
    if b"\x00" in data[:NUL_SCAN_BYTES] and not encoding.lower().startswith("utf-16"):
        raise InputError(f"{path}: is a binary file (it holds NUL bytes), not text; "
                         "if it is UTF-16 text, pass --encoding utf-16")
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: is not valid {encoding} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); name its encoding with --encoding"
        ) from None
    return text.lstrip("\ufeff"), hashlib.sha256(data).hexdigest()
