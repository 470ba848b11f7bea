"""On very large sites, freed arrays go back to the system (sitegen fixes glibc's mmap
threshold); small sites keep glibc's default, which is faster for them."""

import platform
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import sys
from sitegen.memory import LARGE_SITE, limit_peak
assert limit_peak(LARGE_SITE if sys.argv[1] == "large" else 100) == (sys.argv[1] == "large")
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20
first = bytearray(8 << 20)  # freeing it raises glibc's threshold, unless fixed
del first
blocks = [bytearray(2 << 20) for _ in range(150)]  # 300 MB of 2 MB arrays
before = rss_mb()
del blocks[:-1]  # the last one stays, as live data on top of a heap would
print(before - rss_mb())
"""


def freed_mb(mode: str) -> int:
    # From the repository, so the child imports this sitegen, not an installed copy.
    out = subprocess.run([sys.executable, "-c", CHILD, mode], check=True, cwd=REPO,
                         capture_output=True, text=True)
    return int(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_freed_arrays_leave_the_process():
    assert freed_mb("small") < 50  # glibc keeps them: the failure this module avoids
    assert freed_mb("large") > 250


def test_no_cycle_collection_while_paused_and_the_collector_back_after():
    import gc

    from sitegen.memory import cycle_collection_paused

    runs = []
    gc.callbacks.append(lambda phase, info: runs.append(phase))
    try:
        with cycle_collection_paused():
            made = [[i] for i in range(100_000)]  # enough new containers for collections
            assert runs == []
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        with cycle_collection_paused(freeze=True):
            more = [{}]
        assert gc.get_freeze_count() > frozen and gc.isenabled()
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
    assert made and more


TRIM = """
import sys
from sitegen.memory import give_back_free_pages
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20
blobs = [bytes(5000) + i.to_bytes(4, "little") for i in range(40_000)]  # 200 MB, heap
kept = blobs[::50]  # a little live data spread over the heap keeps it from shrinking
del blobs
before = rss_mb()
if sys.argv[1] == "trim":
    give_back_free_pages()
print(before - rss_mb())
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_free_pages_inside_the_heap_go_back_to_the_system():
    def freed(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", TRIM, mode], check=True, cwd=REPO,
                             capture_output=True, text=True)
        return int(out.stdout)

    assert freed("keep") < 20  # freed blocks between live ones stay with the process
    assert freed("trim") > 150
