"""``carewatch backup verify``: check an archive without restoring it — every member against the
manifest's SHA-256, every table's row count, every evidence file against its own name (files are
stored by the SHA-256 of their content), and the audit chain recomputed link by link up to the
manifest's last hash. Any difference is a problem named in plain words."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from carewatch.backup.archive import FORMAT, MANIFEST, VERSION
from carewatch_core.hashing import GENESIS, chain_hash

AUDIT_TABLE = "audit.auditentry"
_SHA = re.compile(r"[0-9a-f]{64}")
_BLOCK = 1 << 20


@dataclass
class Checked:
    manifest: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    for line in stream:
        if line.strip():
            yield line


class _Chain:
    """The audit chain recomputed from the archived rows."""

    def __init__(self) -> None:
        self.previous, self.count, self.broken = GENESIS, 0, ""
        self.names: list[str] = []

    def header(self, names: list[str]) -> None:
        self.names = names

    def row(self, values: list[Any]) -> None:
        row = dict(zip(self.names, values, strict=True))
        content = {
            "action": row["action"],
            "actor": row["actor_id"],
            "actor_label": row["actor_label"],
            "object_type": row["object_type"],
            "object_id": row["object_id"],
            "before": row["before"],
            "after": row["after"],
            "reason": row["reason"],
            "created_at": row["created_at"],
        }
        self.count += 1
        if self.broken:
            return
        if row["previous_hash"] != self.previous or (
            chain_hash(row["previous_hash"], content) != row["entry_hash"]
        ):
            self.broken = f"the audit log's entry {row['id']} does not follow from the one before"
        self.previous = row["entry_hash"]


def _hash_member(
    tar: tarfile.TarFile, member: tarfile.TarInfo, chain: _Chain | None
) -> tuple[str, int]:
    """SHA-256 of the member and its row count (data members; the audit table feeds ``chain``)."""
    stream = tar.extractfile(member)
    if stream is None:
        return "", 0
    sha, rows = hashlib.sha256(), -1
    if not member.name.startswith("data/"):
        while block := stream.read(_BLOCK):
            sha.update(block)
        return sha.hexdigest(), 0
    for line in _lines(stream):
        sha.update(line)
        rows += 1
        if chain is not None:
            values = json.loads(line)
            if rows == 0:
                chain.header(values["columns"])
            else:
                chain.row(values)
    return sha.hexdigest(), max(rows, 0)


def verify_archive(path: Path) -> Checked:
    """Check the archive ``path``; ``Checked.problems`` lists what is wrong (empty: it is whole)."""
    checked = Checked()
    found: dict[str, tuple[str, int]] = {}
    chain = _Chain()
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    stream = tar.extractfile(member)
                    checked.manifest = json.loads(stream.read()) if stream else {}
                elif member.isfile():
                    is_audit = member.name == f"data/{AUDIT_TABLE}.jsonl"
                    found[member.name] = _hash_member(tar, member, chain if is_audit else None)
    except (OSError, tarfile.TarError, EOFError, json.JSONDecodeError, KeyError, ValueError) as exc:
        checked.problems.append(f"the archive cannot be read whole ({type(exc).__name__}: {exc})")
        return checked
    _compare(checked, found, chain)
    return checked


def _compare(checked: Checked, found: dict[str, tuple[str, int]], chain: _Chain) -> None:
    manifest, problems = checked.manifest, checked.problems
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        problems.append("this is not a CareWatch backup (no manifest of this format and version)")
        return
    expected: dict[str, tuple[str, int | None]] = {
        t["member"]: (t["sha256"], t["rows"]) for t in manifest.get("tables", {}).values()
    }
    expected |= {name: (sha, None) for name, sha in manifest.get("files", {}).items()}
    for name, (sha, rows) in sorted(expected.items()):
        if name not in found:
            problems.append(f"{name} is missing from the archive")
            continue
        got_sha, got_rows = found[name]
        if name.startswith("files/") and (not _SHA.fullmatch(sha) or got_sha != sha):
            problems.append(f"{name}: the file's content is not the one backed up")
        elif got_sha != sha:
            problems.append(f"{name}: its content differs from the manifest (changed or damaged)")
        elif rows is not None and got_rows != rows:
            problems.append(f"{name}: {got_rows} rows where the manifest says {rows}")
        checked.rows += got_rows
        checked.files += name.startswith("files/")
    problems += [
        f"{name} is in the archive but not in its manifest"
        for name in sorted(set(found) - set(expected))
    ]
    audit = manifest.get("audit", {})
    if chain.broken:
        problems.append(chain.broken)
    elif chain.count != audit.get("entries") or chain.previous != (
        audit.get("last_hash") or GENESIS
    ):
        problems.append("the audit log in the archive does not end where the manifest says")
