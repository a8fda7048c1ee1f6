"""py3langid's model, kept unpacked beside the package after its first load.

The model ships as an LZMA-packed archive; unpacking it is most of loading it, and every
worker process that meets a page the stop words cannot name loads it again. So the first
load also writes its arrays as plain `.npy` files into this package's `__pycache__` (where
Numba keeps its compiled kernels), named by the packed file's size and time, and later loads
map them instead. Where that folder cannot be written, the model is loaded as shipped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

CACHE = Path(__file__).parent / "__pycache__"
_NAMES = ("ptc", "pc", "classes", "nextmove", "row", "output")
_TYPECODES = {2: "H", 4: "I", 8: "L"}  # stdlib array codes by item size, as py3langid uses


def load_identifier(cache: Path = CACHE) -> Any:
    """py3langid's identifier over its shipped model: from the unpacked copy in `cache`
    when there is one, else unpacked now (and the copy written, when `cache` can be)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    packed = Path(MODEL_DIR) / MODEL_FILE
    folder = cache / f"langid-{packed.stat().st_size}-{packed.stat().st_mtime_ns}"
    model = _read(folder)
    if model is None:
        model = load_model(packed)
        _write(folder, model)
    ptc, pc, classes, nextmove, row, output = model
    ptc, pc = np.asarray(ptc), np.asarray(pc)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, tk_row=row)


def _read(folder: Path) -> tuple[Any, ...] | None:
    """The model's parts as py3langid's loader gives them, from an unpacked copy (None when
    there is none, or it cannot be read)."""
    try:
        parts = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _NAMES}
        return (
            parts["ptc"],
            parts["pc"],
            parts["classes"].tolist(),
            _stdlib_array(parts["nextmove"]),
            _stdlib_array(parts["row"]),
            parts["output"].tolist(),
        )
    except (OSError, ValueError, KeyError):
        return None


def _stdlib_array(values: np.ndarray) -> array[int]:
    """Unsigned integers as the stdlib array py3langid walks its automaton with."""
    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _write(folder: Path, model: tuple[Any, ...]) -> None:
    """Write the model's parts into `folder` (made whole in a temporary folder beside it, then
    renamed: a reader sees all of it or none); nothing when it cannot be written."""
    ptc, pc, classes, nextmove, row, output = model
    parts = {
        "ptc": np.asarray(ptc),
        "pc": np.asarray(pc),
        "classes": np.array(classes),
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        "row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
        "output": np.asarray(output, dtype=np.int64),
    }
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
    except OSError:
        return
    try:
        for name, values in parts.items():
            np.save(temp / f"{name}.npy", values, allow_pickle=False)
        os.rename(temp, folder)
    except OSError:  # written meanwhile by another process, or no room: the shipped one serves
        pass
    finally:
        shutil.rmtree(temp, ignore_errors=True)
