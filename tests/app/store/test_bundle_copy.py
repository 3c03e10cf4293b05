"""The support bundle's masked store copy: what the SQL masking keeps and what it hides.

The whole copy (backup, check, masking, vacuum, damaged files) is tested end to end through
``write_bundle`` in ``tests/app/support/test_bundle.py``; here the pieces on their own.
"""

from __future__ import annotations

import json

from app.store.bundle_copy import mask_payload


def test_an_unchanged_payload_keeps_its_exact_text() -> None:
    text = '{"verdict": "accepted", "content": "", "response_id": "PH-1"}'
    assert mask_payload(text) == text
    assert json.loads(mask_payload('{"a": {"b": ["gọi 0944 555 666"]}}')) == {
        "a": {"b": ["gọi 0944***66"]}
    }
