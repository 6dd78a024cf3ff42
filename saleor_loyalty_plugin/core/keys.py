"""Stable keys for the merchant's tiers and punch cards: a rename keeps the key.

A tier's or card's slug is what members' tiers, punches, memberships and reward
kinds refer to, so it must not follow the name.  When a configuration is
saved, every entry without an explicit ``slug`` gets one written into the
saved JSON: the key it had before (same name, or the entry in the same place
renamed), otherwise one derived from its name.  From then on the merchant
edits entries whose key is in plain sight, and a rename changes only the name.
"""
import json
import re
from typing import Callable, List, Optional

KEY = "slug"


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def tier_key(raw) -> str:
    return raw.get(KEY) or slugify(raw["name"])


def card_key(raw, max_length: int = 64) -> str:
    return raw.get(KEY) or slugify(raw["name"])[:max_length].rstrip("-")


def _entries(text) -> Optional[List[dict]]:
    """The JSON list of named entries, or None (the parser will say what is wrong)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return []
    try:
        raw = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return None
    if not isinstance(raw, list) or not all(
            isinstance(e, dict) and isinstance(e.get("name"), str) and e["name"].strip()
            and isinstance(e.get(KEY, ""), str) for e in raw):
        return None
    return raw


def pin_keys(new_text, old_text, key_of: Callable[[dict], str]):
    """``new_text`` with every entry's key written in, kept from ``old_text`` where it was."""
    new, old = _entries(new_text), _entries(old_text) or []
    if not new:
        return new_text
    old_keys = [key_of(entry) for entry in old]
    derived = [key_of(entry) for entry in new]
    used = {key for entry, key in zip(new, derived) if entry.get(KEY) or key in old_keys}
    pinned = []
    for position, (entry, key) in enumerate(zip(new, derived)):
        if not entry.get(KEY) and key not in old_keys and position < len(old_keys) \
                and old_keys[position] not in used:
            key = old_keys[position]  # the entry in this place, renamed
        used.add(key)
        pinned.append(dict([("name", entry["name"]), (KEY, key)]
                           + [(k, v) for k, v in entry.items() if k not in ("name", KEY)]))
    return json.dumps(pinned, ensure_ascii=False)
