"""What the last build wrote: each output file with its page key, and the input
fingerprint that lets a build with nothing changed stop at once (see build.py)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

TMP_SUFFIX = ".sitegen-tmp"


@dataclass
class Manifest:
    """What the last build wrote: output file -> page key, plus the input fingerprint."""

    fingerprint: str = ""
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(data["fingerprint"]), dict(data["files"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(TMP_SUFFIX)
        tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "files": self.files},
                                  sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    def intact(self, output: Path) -> bool:
        """True when every file the last build wrote is still there."""
        root = str(output) + os.sep
        return bool(self.files) and all(os.path.isfile(root + f) for f in self.files)
