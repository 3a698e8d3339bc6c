"""Hostile imports: peak memory and outcome of the importer on a zip bomb, a lying-header zip and a DocBin bomb.

Each case runs in a fresh process, so its peak resident memory (ru_maxrss) is its own; the first
lines are processes that only import the readers (and spaCy, for DocBins): the floor each case starts from. `--baseline`
adds what the same files cost without the limits (zipfile reading a member whole, spaCy's
DocBin.from_bytes on the bomb): the memory the checks save.

usage: .venv/bin/python bench/import_bombs.py [--inflate-mb 512] [--baseline]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


def zip_bomb(inflated_mb: int) -> bytes:
    """A zip whose one `.txt` member inflates to `inflated_mb` MB of one repeated letter."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("bomb.txt", "w") as member:
        for _ in range(inflated_mb):
            member.write(b"a" * MB)
    return buf.getvalue()


def lying_zip(inflated_mb: int) -> bytes:
    """The zip bomb with both of its headers saying the member is 100 bytes."""
    data = bytearray(zip_bomb(inflated_mb))
    struct.pack_into("<I", data, 22, 100)
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 100)
    return bytes(data)


def docbin_bomb(inflated_mb: int) -> bytes:
    """A `.spacy` file: zlib-compressed msgpack (a map, then zeros) inflating to `inflated_mb` MB."""
    import srsly

    packer = zlib.compressobj()
    parts = [packer.compress(srsly.msgpack_dumps({"strings": []}))]
    parts += [packer.compress(b"\0" * MB) for _ in range(inflated_mb)]
    return b"".join([*parts, packer.flush()])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def case(kind: str, path: str) -> dict:
    """One measured run, inside a child process."""
    from annotator.formats.detect_format import read_corpus
    from annotator.formats.records import collect

    if kind == "floor":
        from annotator.formats import plaintext  # noqa: F401 (trafilatura, as a zip of texts loads it)

        return {"outcome": "readers loaded", "peak_mb": peak_mb()}
    if kind == "floor-spacy":
        from annotator.formats import docbin  # noqa: F401 (spaCy, as a DocBin import loads it)

        return {"outcome": "readers and spaCy loaded", "peak_mb": peak_mb()}
    if kind == "baseline-zip":
        with zipfile.ZipFile(path) as zf:
            size = len(zf.read("bomb.txt"))
        return {"outcome": f"zipfile read the member whole: {size / MB:.0f} MB", "peak_mb": peak_mb()}
    if kind == "baseline-docbin":
        from spacy.tokens import DocBin

        try:
            DocBin().from_bytes(Path(path).read_bytes())
            outcome = "spaCy loaded it"
        except Exception as err:
            outcome = f"spaCy refused it after inflating it ({type(err).__name__})"
        return {"outcome": outcome, "peak_mb": peak_mb()}
    try:
        report = collect(read_corpus(path, name=Path(path).name))
        outcome = f"{len(report.records)} records, problems: {'; '.join(map(str, report.problems)) or 'none'}"
    except ValueError as err:  # InvalidInput: refused whole
        outcome = f"refused (413): {err}"
    return {"outcome": outcome, "peak_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inflate-mb", type=int, default=512)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(*args.case)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "zip bomb": ("bomb.zip", zip_bomb(args.inflate_mb)),
            "lying-header zip": ("liar.zip", lying_zip(args.inflate_mb)),
            "DocBin bomb": ("bomb.spacy", docbin_bomb(args.inflate_mb)),
        }
        runs = [("floor", "no file", "floor", ""), ("floor with spaCy", "no file", "floor-spacy", "")]
        for label, (name, data) in files.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            runs.append((label, f"{len(data) / 1024:.0f} kB -> {args.inflate_mb} MB", "import", str(path)))
        if args.baseline:
            runs.append(("zip bomb, no limits", "", "baseline-zip", str(Path(tmp) / "bomb.zip")))
            runs.append(("DocBin bomb, no limits", "", "baseline-docbin", str(Path(tmp) / "bomb.spacy")))
        print(f"{'case':24} {'file':22} {'peak RSS':>9}  outcome")
        for label, size, kind, path in runs:
            out = subprocess.run(
                [sys.executable, __file__, "--case", kind, path], capture_output=True, text=True, check=True
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{label:24} {size:22} {result['peak_mb']:7.0f} MB  {result['outcome'][:150]}")


if __name__ == "__main__":
    main()
