"""`sitegen deploy rsync DEST`: hand the folder to the system's rsync, which already does
remote sync well (ssh, partial transfers, --delete)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sitegen.errors import SitegenError


def rsync_command(folder: Path, destination: str, dry_run: bool = False) -> list[str]:
    """`--checksum` compares contents, since every build gives files new mtimes."""
    if destination.startswith("-"):
        raise SitegenError(f"not an rsync destination: {destination!r}")
    command = ["rsync", "-a", "--delete", "--checksum"]
    if dry_run:
        command += ["--dry-run", "--itemize-changes"]
    return [*command, f"{folder}/", destination]


def deploy_rsync(folder: Path, destination: str, dry_run: bool = False) -> None:
    if shutil.which("rsync") is None:
        raise SitegenError("rsync is not installed: install it (e.g. `apt install rsync` or "
                           "`brew install rsync`), or use `sitegen deploy dir PATH`")
    code = subprocess.run(rsync_command(folder, destination, dry_run), check=False).returncode
    if code:
        raise SitegenError(f"rsync to {destination} failed (exit status {code})")
