"""Trim the ICU data library that PySide6's Qt brings (Linux bundles; 32 of the 249 MB).

``libicudata.so.NN`` holds one ICU data package (symbol ``icudtNN_dat``): collation,
converters, calendars and time-zone names, but also break iterators, transliterators,
spelled-out numbers and the names of units, currencies, languages and regions in some 800
locales. Qt's libraries call only four ICU services (see ``ALLOWED``): collation
(QCollator; file dialogs sort file names with it), converters (QStringConverter by
name), calendars with time-zone names (QTimeZone) and case mapping (whose tables are
built into libicuuc). The data only the other services read (``UNREACHABLE``) is left
out: nothing in the bundle can ask for it. Before trimming, every bundled library's
ICU imports are checked against ``ALLOWED``; a Qt that calls another ICU service keeps
the whole package (the build says so).

The new library is made with the system assembler and linker (binutils, like ``strip``)
and exports the same symbol under the same soname.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

# Data items (paths inside the package) that only ICU services Qt never calls read:
# break iterators (ubrk), transliterators (utrans), rule-based number spell-out (unum),
# display names of units, currencies, languages and regions (unum/uldn/ulocdata),
# string preparation profiles (usprep), Unicode character names (u_charName) and the
# spoof checker's confusables (uspoof).
UNREACHABLE = ("brkitr/", "curr/", "lang/", "rbnf/", "region/", "translit/", "unit/")
UNREACHABLE_FILES = re.compile(r"(^[^/]+\.spp$|^[^/]+\.cfu$|^unames\.icu$)")
# The ICU functions (version suffix removed) the kept data serves: collation, converters,
# calendars/time-zone names, case mapping.
ALLOWED = re.compile(r"^(ucol_|ucnv_|UCNV_|ucal_|u_strToUpper$|u_strToLower$)")
ICU_SYMBOL = re.compile(rb"^(u[a-z]*_[A-Za-z]+|U[A-Z_]+)_(\d{2,3})$")

SHT_SYMTAB, SHT_DYNSYM = 2, 11


def _sections(data: bytes) -> list[tuple[int, int, int, int, int]]:
    """(type, addr, offset, size, link) of each section of a 64-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    out = []
    for i in range(shnum):
        _name, kind, _flags, addr, offset, size, link = struct.unpack_from(
            "<IIQQQQI", data, shoff + i * shentsize
        )
        out.append((kind, addr, offset, size, link))
    return out


def dynamic_symbols(data: bytes) -> list[tuple[bytes, int, int, int]]:
    """(name, value, size, section index) of each dynamic symbol; [] if not an ELF64 LE."""
    sections = _sections(data)
    out = []
    for kind, _addr, offset, size, link in sections:
        if kind != SHT_DYNSYM:
            continue
        strings = sections[link][2]
        for pos in range(offset, offset + size, 24):
            name, _info, _other, shndx, value, sym_size = struct.unpack_from("<IBBHQQ", data, pos)
            end = data.index(b"\0", strings + name)
            out.append((data[strings + name : end], value, sym_size, shndx))
    return out


def icu_imports(library: Path) -> set[str]:
    """The ICU functions a library calls (undefined dynamic symbols), without the suffix."""
    try:
        data = library.read_bytes()
    except OSError:
        return set()
    found = set()
    for name, _value, _size, shndx in dynamic_symbols(data):
        match = ICU_SYMBOL.match(name) if shndx == 0 else None
        if match:
            found.add(match.group(1).decode())
    return found


def package_of(library: Path) -> tuple[str, bytes] | None:
    """(symbol, package bytes) of an ICU data library, or None."""
    data = library.read_bytes()
    sections = _sections(data)
    for name, value, size, shndx in dynamic_symbols(data):
        if re.fullmatch(rb"icudt\d+_dat", name) and 0 < shndx < len(sections):
            _kind, addr, offset, _size, _link = sections[shndx]
            start = offset + value - addr
            return name.decode(), data[start : start + size]
    return None


def items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common data package (``CmnD``, table of contents) into its header and
    ``(name, bytes)`` items in their stored (sorted) order."""
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", package, toc)
    entries = [struct.unpack_from("<II", package, toc + 4 + 8 * i) for i in range(count)]
    starts = [toc + data_offset for _name, data_offset in entries] + [len(package)]
    out = []
    for i, (name_offset, _data_offset) in enumerate(entries):
        end = package.index(b"\0", toc + name_offset)
        name = package[toc + name_offset : end].decode("ascii")
        out.append((name, package[starts[i] : starts[i + 1]]))
    return package[:header_size], out


def pack(header: bytes, kept: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of ``kept`` (names in the order given, each item
    16-byte aligned), with the original header."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in kept)
    toc_size = 4 + 8 * len(kept)
    data_start = (toc_size + len(names) + 15) // 16 * 16
    # Items are aligned relative to the package start (the header is 16-byte aligned).
    data_start += (-(len(header) + data_start)) % 16
    toc = bytearray(struct.pack("<I", len(kept)))
    body = bytearray()
    name_pos = toc_size
    for name, data in kept:
        toc += struct.pack("<II", name_pos, data_start + len(body))
        name_pos += len(name) + 1
        body += data + b"\xaa" * ((-len(data)) % 16)
    toc += names
    toc += b"\xaa" * (data_start - len(toc))  # ICU's own padding byte
    return header + bytes(toc) + bytes(body)


def unreachable(name: str) -> bool:
    """True for the data items of the ICU services Qt never calls (name without the
    ``icudtNNl/`` prefix)."""
    return name.startswith(UNREACHABLE) or bool(UNREACHABLE_FILES.match(name))


def link_library(symbol: str, soname: str, package: bytes, out: Path) -> None:
    """Write a shared library ``out`` that exports ``package`` as ``symbol``."""
    with tempfile.TemporaryDirectory() as tmp:
        blob = Path(tmp) / "data.bin"
        blob.write_bytes(package)
        source = Path(tmp) / "data.s"
        source.write_text(
            "\t.section .rodata\n\t.balign 16\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'{symbol}:\n\t.incbin "{blob}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        obj = Path(tmp) / "data.o"
        subprocess.run(["as", "-o", str(obj), str(source)], check=True, capture_output=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", str(out), str(obj)],
            check=True,
            capture_output=True,
        )


def trim(bundle: Path) -> int:
    """Trim the bundle's ICU data library in place (Linux); returns the bytes saved
    (0 when there is none, the tools are missing or Qt calls an ICU service whose
    data would go)."""
    libraries = [p for p in bundle.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink()]
    if len(libraries) != 1:
        return 0
    if not (shutil.which("as") and shutil.which("ld")):
        print("build: ICU data kept whole: binutils' as and ld are not installed")
        return 0
    library = libraries[0]
    callers = {}
    for path in bundle.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and not path.name.startswith("libicu"):
            for function in icu_imports(path):
                callers.setdefault(function, path.name)
    other = sorted(f for f in callers if not ALLOWED.match(f))
    if other:
        print(
            "build: ICU data kept whole: the bundle calls "
            + ", ".join(f"{f} ({callers[f]})" for f in other)
        )
        return 0
    found = package_of(library)
    if found is None:
        return 0
    symbol, package = found
    header, everything = items(package)
    prefix = everything[0][0].split("/", 1)[0] + "/"
    kept = [(n, d) for n, d in everything if not unreachable(n.removeprefix(prefix))]
    before = library.stat().st_size
    new = library.with_name(library.name + ".new")
    link_library(symbol, library.name, pack(header, kept), new)
    new.chmod(library.stat().st_mode)
    new.replace(library)
    return before - library.stat().st_size
