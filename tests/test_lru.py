"""The one bounded cache every process keeps (web renders by bytes, layouts and checked
catalogs by count)."""

from __future__ import annotations

from vertebro_print.lru import LRU


def test_counted_entries_leave_least_recently_used_first():
    cache: LRU[str] = LRU(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # now b is the least recently used
    cache.put("c", "C")
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"


def test_putting_a_key_again_replaces_its_entry_and_its_weight():
    cache: LRU[bytes] = LRU(10, weigh=len)
    cache.put("a", b"12345")
    cache.put("a", b"12")
    assert cache.get("a") == b"12" and cache.size == 2 and len(cache) == 1
    cache.clear()
    assert cache.size == 0 and len(cache) == 0 and cache.get("a") is None
