"""What an opened support bundle says about itself: whose it is, when and by which version.

Support staff must see at a glance whose data is on screen (the banner), and the replay needs the
enterprise to seed the intake server with. The tax code is the one the declarant logged in with
(``settings.json``); a declarant of the demo server never saved one, so then the store's own data
decide: the tax code most of its declarations and outbox items carry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import timezone
from pathlib import Path

from app.settings import Settings
from app.store import Store
from app.store.bundle_copy import tax_codes_by_use
from app.store.support import last_enterprise_name
from app.support.timeline import Timeline, build_timeline, offset_of, read_log_lines

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class BundleFacts:
    bundle_name: str
    tax_code: str
    enterprise_name: str
    created_at: str  # as the manifest wrote it (ISO 8601, UTC); "" when it says nothing
    app_version: str
    server_url: str  # the declarant's server; "" for the embedded demo server
    outbox: tuple[dict[str, object], ...]  # the manifest's readout of the outbox at export
    tz: timezone  # the declarant's UTC offset when the bundle was made
    log_dir: Path  # the bundle's own logs, as unpacked
    language: str = "vi"  # the declarant's settings, as the bundle holds them
    sync_interval_seconds: int = 180
    #: (tax code, name) of each enterprise the bundle holds: several in a broker's bundle.
    enterprises: tuple[tuple[str, str], ...] = ()

    @property
    def several(self) -> bool:
        return len(self.enterprises) > 1

    def for_enterprise(self, tax_code: str) -> BundleFacts:
        """The same bundle, told for one of its enterprises (the one a broker's window shows)."""
        names = dict(self.enterprises)
        if tax_code not in names or tax_code == self.tax_code:
            return self
        return replace(self, tax_code=tax_code, enterprise_name=names[tax_code])

    def timeline(self) -> Timeline:
        """What happened, from the bundle's logs and its outbox at export; in a broker's bundle,
        to the enterprise these facts are told for (its log lines and outbox rows)."""
        only = self.tax_code if self.several else None
        return build_timeline(read_log_lines(self.log_dir), self.outbox, self.tz, only)


def read_manifest(profile_root: Path) -> dict[str, object]:
    """The unpacked bundle's manifest; an unreadable one is an empty dict (the store still shows)."""
    try:
        data = json.loads((profile_root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_facts(
    bundle: Path, profile_root: Path, settings: Settings, store: Store, log_dir: Path
) -> BundleFacts:
    manifest = read_manifest(profile_root)
    listed = tuple(
        (entry.tax_code, entry.name or last_enterprise_name(store.path, entry.tax_code))
        for entry in store.enterprises.all()
    )
    tax_code = settings.tax_code
    if len(listed) > 1 and store.current_tax_code:
        tax_code = store.current_tax_code  # the one the window shows first
    if not tax_code:
        used = tax_codes_by_use(store)
        tax_code = used[0] if used else ""
    outbox = manifest.get("outbox")
    rows = tuple(row for row in outbox if isinstance(row, dict)) if isinstance(outbox, list) else ()
    return BundleFacts(
        bundle_name=bundle.name,
        tax_code=tax_code,
        enterprise_name=(
            dict(listed).get(tax_code, "")
            if len(listed) > 1
            else last_enterprise_name(store.path, tax_code)
            if tax_code
            else ""
        ),
        created_at=str(manifest.get("created_at", "")),
        app_version=str(manifest.get("app_version", "")),
        server_url=settings.server_url,
        outbox=rows,
        tz=offset_of(manifest.get("utc_offset_minutes")),
        log_dir=log_dir,
        language=settings.language,
        sync_interval_seconds=settings.sync_interval_seconds,
        enterprises=listed,
    )
