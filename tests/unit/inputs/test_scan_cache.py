"""The scan cache: results kept per file state, never a reason for a run to fail."""

from __future__ import annotations

import os

from tenseq.inputs.scan_cache import ScanCache, cache_path, file_key


def test_results_survive_a_new_process_and_follow_the_file_state(tmp_path):
    data = tmp_path / "genes.gtf"
    data.write_text("x\n")
    key = file_key(data)
    store = cache_path(tmp_path)
    assert store == tmp_path / ".snakemake" / "tenseq-validate-cache.json"
    ScanCache(store).put(key, {"n": 1})
    assert ScanCache(store).get(key) == {"n": 1}
    data.write_text("xy\n")  # edited: another size, so another key
    assert file_key(data) != key and ScanCache(store).get(file_key(data)) is None
    same_size = file_key(data)
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # touched
    assert file_key(data) != same_size


def test_a_corrupt_or_unwritable_cache_only_costs_a_rescan(tmp_path):
    store = tmp_path / "cache.json"
    store.write_text("{not json")
    cache = ScanCache(store)
    assert cache.get("k") is None
    blocked = tmp_path / "file" / "cache.json"
    (tmp_path / "file").write_text("a file where the cache folder would be")
    unwritable = ScanCache(blocked)
    unwritable.put("k", [1, 2])  # no error
    assert unwritable.get("k") == [1, 2] and not blocked.exists()
    assert ScanCache(None).get("k") is None
