"""Look at a file's bytes before any reader touches it: format, zip sanity, encryption.

Readers trust the extension and the zip directory; a crafted file can make them allocate
gigabytes or return a decoy part. Everything here reads at most a few kilobytes per part,
so it is safe on hostile input. Each refusal is an :class:`InputRejected` in plain words.
"""

from __future__ import annotations

import hashlib
import mmap
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from planner.errors import InputRejected, TooLarge
from planner.store.connection import is_open_here

SQLITE_MAGIC = b"SQLite format 3\x00"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Zip limits (Apache POI's ZipSecureFile uses the same ideas: a minimum inflate ratio and
# caps on entry size and count). Big honest files pass with allow_large.
MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 1 << 30          # 1 GiB for one part
MAX_TOTAL_BYTES = 2 << 30          # 2 GiB for the whole package
MIN_INFLATE_RATIO = 0.01           # compressed / uncompressed, below = zip bomb
RATIO_GRACE_BYTES = 1 << 20        # small parts may compress extremely well
# A sheet whose used area is larger than this many cells cannot be a skill sheet.
MAX_DECLARED_CELLS = 60_000_000
XML_SCAN_BYTES = 64 * 1024

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}


@dataclass(frozen=True)
class Sniffed:
    """What the bytes say: the format to read the file as and the file's digest."""

    format: str          # xlsx | xlsm | xlsb | xls | ods | csv
    sha256: str
    size: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sniff(path: str | Path, *, allow_large: bool = False) -> Sniffed:
    """Decide the format from the content and run the guards; raise InputRejected if unsafe
    or unreadable (no permission, a disk error: the system's words, naming the file)."""
    path = Path(path)
    try:
        return _sniff(path, allow_large)
    except OSError as exc:
        raise InputRejected(f"the file cannot be read ({exc.strerror or exc})",
                            file=path.name) from None


def _sniff(path: Path, allow_large: bool) -> Sniffed:
    name = path.name
    if not path.exists():
        if path.is_symlink():
            raise InputRejected("this is a link to a file that does not exist (or a loop of "
                                "links)", file=name)
        raise InputRejected("the file does not exist", file=name)
    if path.is_dir():
        raise InputRejected("this is a folder, not a spreadsheet file", file=name)
    if not path.is_file():
        raise InputRejected("this is not a regular file (a pipe, socket or device), so it "
                            "cannot be a spreadsheet", file=name)
    if is_open_here(path):        # opening it here would drop SQLite's locks on it
        raise InputRejected("this is the workspace that is open, not a spreadsheet",
                            file=name)
    size = path.stat().st_size
    if size == 0:
        raise InputRejected("the file is empty", file=name)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(SQLITE_MAGIC):
        raise InputRejected("this is a Reskill Planner workspace or another SQLite database, "
                            "not a spreadsheet (open it as a workspace instead)", file=name)
    if head.startswith(OLE_MAGIC):
        fmt = _check_ole(path, name)
    elif head.startswith(ZIP_MAGICS):
        fmt = _check_zip(path, name, allow_large=allow_large)
    elif _looks_like_text(head):
        fmt = _markup_format(head, name) or "csv"
        if size > MAX_TOTAL_BYTES and not allow_large:
            raise TooLarge(
                f"the text file is {size / 2**30:.1f} GB, far more than a skills sheet needs",
                file=name)
    else:
        suffix = path.suffix.lower()
        hint = f" (its name ends in {suffix}, but the content is not)" if suffix else ""
        nul = head.find(b"\x00")
        if nul >= 0:
            line = head[:nul].count(b"\n") + 1
            hint += (f"; it holds NUL bytes (the first on line {line}, byte {nul + 1}), "
                     "which text files never contain")
        raise InputRejected(f"this file is not a spreadsheet{hint}; expected .xlsx, .xlsm, "
                            ".xlsb, .xls, .ods or a CSV text file", file=name)
    return Sniffed(fmt, file_sha256(path), size)


HTML_STARTS = ("<!doctype html", "<head", "<body", "<meta")


def _markup_format(head: bytes, name: str) -> str | None:
    """"html" for a web page (what many HR systems write as "Excel" .xls), "xml2003" for
    an Excel 2003 XML spreadsheet, None for other text; other XML is refused by name."""
    text = head.decode("utf-16", "replace") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        head.decode("utf-8", "replace")
    )
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if not lowered.startswith("<"):
        return None
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered or "<ss:workbook" in lowered:
        return "xml2003"
    if "<html" in lowered or "<table" in lowered or lowered.startswith(HTML_STARTS):
        return "html"
    if lowered.startswith("<?xml") or lowered.startswith("<!doctype"):
        raise InputRejected(
            "this is an XML file but not a spreadsheet Excel can save (an Excel 2003 XML "
            "spreadsheet or a web page); open it in Excel and save it as .xlsx or .csv",
            file=name,
        )
    return None


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    # UTF-16 without BOM: every other byte is NUL for Latin text.
    if head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4:
        return True
    # A few NUL bytes in otherwise plain text (a glitch of the exporting program) keep it
    # text: the cells holding them are cleaned and named in the report.
    controls = sum(1 for b in head if 0 < b < 9 or 13 < b < 32)
    nuls = head.count(0)
    return controls <= max(2, len(head) // 100) and nuls <= max(8, len(head) // 50)


# -- OLE2 / CFB (.xls, encrypted OOXML) ----------------------------------------------------

def _check_ole(path: Path, name: str) -> str:
    # Mapped, not read: only the few sectors looked at are loaded, however big the file.
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _check_ole_data(data, name)


def _check_ole_data(data: bytes | mmap.mmap, name: str) -> str:
    if len(data) < 1024:
        raise InputRejected("the file is damaged (too short for an Excel 97-2003 workbook)",
                            file=name)
    entries = _ole_directory(data)
    names = {e[0] for e in entries}
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise InputRejected("the workbook is password protected; open it in Excel, remove the "
                            "password (File > Info > Protect Workbook) and save a copy",
                            file=name)
    stream = next((e for e in entries if e[0] in ("Workbook", "Book")), None)
    if stream is None and names:
        raise InputRejected("this Office file is not an Excel workbook (no Workbook stream)",
                            file=name)
    if stream is not None and _xls_has_filepass(data, entries, stream):
        raise InputRejected("the workbook is password protected; open it in Excel, remove the "
                            "password and save a copy", file=name)
    return "xls"


def _ole_directory(data: bytes) -> list[tuple[str, int, int]]:
    """Names, start sectors and sizes of the entries in the first directory sectors."""
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        return []
    sector = 1 << sector_shift
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    fat = _ole_fat(data, sector)
    entries = []
    for offset in _ole_chain(data, fat, first_dir, sector, 256):
        for pos in range(offset, min(offset + sector, len(data) - 127), 128):
            name_len = struct.unpack_from("<H", data, pos + 64)[0]
            if 2 <= name_len <= 64:
                entry_name = data[pos:pos + name_len - 2].decode("utf-16-le", "replace")
                start, size = struct.unpack_from("<IQ", data, pos + 116)
                entries.append((entry_name, start, size))
    return entries


def _ole_fat(data: bytes, sector: int) -> list[int]:
    """The FAT found through the header's first DIFAT slots (enough for files we sniff)."""
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    fat: list[int] = []
    for s in fat_sectors:
        offset = (s + 1) * sector
        fat.extend(struct.unpack_from(f"<{sector // 4}I", data, offset)
                   if offset + sector <= len(data) else ())
    return fat


def _ole_chain(data: bytes, table: list[int], start: int, size: int, limit: int,
               base: int | None = None) -> list[int]:
    """Byte offsets of up to ``limit`` sectors of a chain (loops and dead ends stop it).

    ``base`` None: regular sectors (the header takes the first one); otherwise offsets
    are relative to the start of the mini stream.
    """
    offsets, seen, current = [], set(), start
    while current < 0xFFFFFFFA and current not in seen and len(offsets) < limit:
        seen.add(current)
        offset = (current + 1) * size if base is None else current * size
        if base is None and offset + size > len(data):
            break
        offsets.append(offset)
        current = table[current] if current < len(table) else 0xFFFFFFFE
    return offsets


def _ole_stream_head(data: bytes, entries: list[tuple[str, int, int]],
                     stream: tuple[str, int, int], limit: int = 512) -> bytes:
    """The first ``limit`` bytes of a stream, in regular sectors or in the mini stream."""
    _, start, size = stream
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    cutoff = struct.unpack_from("<I", data, 0x38)[0] or 4096
    fat = _ole_fat(data, sector)
    if size >= cutoff:
        chain = _ole_chain(data, fat, start, sector, -(-limit // sector))
        return b"".join(data[o:o + sector] for o in chain)[:min(size, limit)]
    # Small streams live in 64-byte mini sectors inside the root entry's stream, chained
    # by the mini FAT. Only the few sectors needed are located.
    if not entries or entries[0][0] != "Root Entry":
        return b""
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if mini not in (64, 128, 256, 512):
        return b""
    minifat_start = struct.unpack_from("<I", data, 0x3C)[0]
    minifat: list[int] = []
    for offset in _ole_chain(data, fat, minifat_start, sector, 64):
        minifat.extend(struct.unpack_from(f"<{sector // 4}I", data, offset))
    container = _ole_chain(data, fat, entries[0][1], sector, 1 << 16)
    head = bytearray()
    for rel in _ole_chain(data, minifat, start, mini, -(-limit // mini), base=0):
        index, within = divmod(rel, sector)
        if index >= len(container):
            break
        offset = container[index] + within
        head += data[offset:offset + mini]
    return bytes(head[:min(size, limit)])


def _xls_has_filepass(data: bytes, entries: list[tuple[str, int, int]],
                      stream: tuple[str, int, int]) -> bool:
    """True if the workbook stream's globals begin with BOF then FILEPASS (encryption)."""
    block = _ole_stream_head(data, entries, stream)
    pos = 0
    for _ in range(4):
        if pos + 4 > len(block):
            return False
        rtype, rlen = struct.unpack_from("<HH", block, pos)
        if rtype == 0x002F:
            return True
        if pos == 0 and rtype not in (0x0809, 0x0409, 0x0209, 0x0009):
            return False
        pos += 4 + rlen
    return False


# -- zip packages (.xlsx, .xlsm, .xlsb, .ods) ----------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _check_zip(path: Path, name: str, *, allow_large: bool) -> str:
    try:
        return _check_zip_parts(path, name, allow_large=allow_large)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, KeyError) as exc:   # a damaged part (bad CRC, bad data)
        raise InputRejected(f"the workbook is damaged (a part of the zip package cannot be "
                            f"read: {exc})", file=name) from None


def _check_zip_parts(path: Path, name: str, *, allow_large: bool) -> str:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputRejected(f"the workbook is damaged (not a readable zip package: {exc})",
                            file=name) from None
    with archive:
        infos = archive.infolist()
        if not infos:
            raise InputRejected("this file is an empty zip archive, not a spreadsheet",
                                file=name)
        if len(infos) > MAX_ENTRIES:
            raise InputRejected(f"the package holds {len(infos):,} parts, far more than any "
                                "workbook; refusing it", file=name)
        seen: set[str] = set()
        total = 0
        for info in infos:
            part = info.filename.replace("\\", "/").lower()
            if part in seen:
                raise InputRejected(f"the package contains the part {info.filename!r} twice; "
                                    "readers disagree which copy counts, so the file is "
                                    "refused (was it tampered with?)", file=name)
            seen.add(part)
            total += info.file_size
            if allow_large:
                continue
            if info.file_size > MAX_ENTRY_BYTES:
                raise TooLarge(
                    f"the part {info.filename} would expand to {_gb(info.file_size)}, far "
                    "more than a skills sheet needs", file=name)
            if (info.file_size > RATIO_GRACE_BYTES
                    and info.compress_size / info.file_size < MIN_INFLATE_RATIO):
                raise TooLarge(
                    f"the part {info.filename} expands "
                    f"{info.file_size // max(1, info.compress_size):,} times (a zip bomb?)",
                    file=name)
        if total > MAX_TOTAL_BYTES and not allow_large:
            raise TooLarge(f"the workbook would expand to {_gb(total)}, far more than a "
                           "skills sheet needs", file=name)
        fmt = _zip_format(archive, seen, name)
        _scan_xml_parts(archive, name, allow_large=allow_large)
    return fmt


def _gb(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e8 else f"{size / 1e6:.0f} MB"


def _zip_format(archive: zipfile.ZipFile, parts: set[str], name: str) -> str:
    if "mimetype" in parts:
        mime = archive.read(real_name(archive, "mimetype"))[:100]
        if b"opendocument.spreadsheet" in mime:
            if "meta-inf/manifest.xml" in parts:
                manifest = archive.open(real_name(archive, "META-INF/manifest.xml")).read(
                    XML_SCAN_BYTES)
                if b"encryption-data" in manifest:
                    raise InputRejected("the spreadsheet is password protected; open it, "
                                        "remove the password and save a copy", file=name)
            return "ods"
        raise InputRejected("this OpenDocument file is not a spreadsheet (is it a text "
                            "document?)", file=name)
    if "xl/workbook.bin" in parts:
        return "xlsb"
    if "xl/workbook.xml" in parts or any(p.endswith("workbook.xml") for p in parts):
        content_types = ""
        if "[content_types].xml" in parts:
            content_types = archive.open(real_name(archive, "[Content_Types].xml")).read(
                XML_SCAN_BYTES).decode("utf-8", "replace")
        return "xlsm" if "macroEnabled" in content_types else "xlsx"
    if "word/document.xml" in parts:
        raise InputRejected("this is a Word document, not a spreadsheet", file=name)
    if "ppt/presentation.xml" in parts:
        raise InputRejected("this is a PowerPoint file, not a spreadsheet", file=name)
    raise InputRejected("this zip archive is not a spreadsheet (no workbook inside)", file=name)


def real_name(archive: zipfile.ZipFile, wanted: str) -> str:
    """The stored name of a part, matched case-insensitively and with either slash."""
    wanted = wanted.lower()
    for info in archive.infolist():
        if info.filename.replace("\\", "/").lower() == wanted:
            return info.filename
    return wanted


def _scan_xml_parts(archive: zipfile.ZipFile, name: str, *, allow_large: bool) -> None:
    """Refuse DTDs and entity declarations (billion laughs) and absurd declared sheet sizes."""
    for info in archive.infolist():
        part = info.filename.replace("\\", "/")
        if not part.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as fh:
                head = fh.read(XML_SCAN_BYTES)
                utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (
                    b"<\x00?\x00", b"\x00<\x00?")
                probe = head.replace(b"\x00", b"") if utf16 else head
                declared = (b"<!DOCTYPE" in probe or b"<!ENTITY" in probe
                            or _prolog_declares(probe, fh, utf16))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                zlib.error) as exc:
            raise InputRejected(f"the workbook is damaged (part {part}: {exc})",
                                file=name) from None
        if declared:
            raise InputRejected(f"the part {part} declares XML entities (a known attack on "
                                "spreadsheet readers); refusing the file", file=name)
        if allow_large or "worksheets/" not in part.lower():
            continue
        match = _DIMENSION.search(head)
        if match and match.group(3):
            rows = int(match.group(4)) - int(match.group(2)) + 1
            cols = _column_number(match.group(3)) - _column_number(match.group(1)) + 1
            if rows * cols > MAX_DECLARED_CELLS:
                ref = match.group(0).split(b'"')[1].decode()
                raise TooLarge(
                    f"a sheet ({part.rsplit('/', 1)[-1]}) declares a used area of "
                    f"{rows * cols:,} cells ({ref}); a reader would need gigabytes of memory",
                    file=name)


def _prolog_declares(head: bytes, fh: IO[bytes], utf16: bool) -> bool:
    """Whether a declaration (``<!DOCTYPE``) comes before the root element, however long
    the comments and processing instructions before it: a DOCTYPE may follow megabytes of
    comment, beyond any fixed-size look at the start. Reads on only while in the prolog,
    a chunk at a time (the part's size is already bounded by the zip checks)."""

    def more() -> bytes:
        chunk = fh.read(XML_SCAN_BYTES)
        return chunk.replace(b"\x00", b"") if utf16 else chunk

    buf, pos = head, 0
    while True:
        lt = buf.find(b"<", pos)
        if lt < 0:
            buf, pos = more(), 0
            if not buf:
                return False
            continue
        while len(buf) - lt < 9 and (chunk := more()):
            buf, lt = buf[lt:] + chunk, 0
        if not buf.startswith((b"<?", b"<!--"), lt):
            return buf.startswith(b"<!", lt)  # a declaration before the root element
        mark = b"?>" if buf.startswith(b"<?", lt) else b"-->"
        start = lt + len(mark)
        while (end := buf.find(mark, start)) < 0:
            chunk = more()
            if not chunk:
                return False  # never closed: the parser refuses it
            buf, start = buf[-len(mark):] + chunk, 0
        pos = end + len(mark)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number
