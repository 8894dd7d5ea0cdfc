"""Print each installed distribution whose version differs from the lock file given as the
first argument (for `make test-latest`: which newer releases the canary is trying)."""

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.MULTILINE)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


locked = {normal(n): v for n, v in PIN.findall(Path(sys.argv[1]).read_text())}
changed = sorted(
    (normal(d.metadata["Name"]), locked.get(normal(d.metadata["Name"])), d.version)
    for d in distributions()
)
rows = [
    f"  {name}: {old or 'not locked'} -> {new}"
    for name, old, new in changed
    if old != new and name != "vertebro-print" and (old or name not in ("pip", "setuptools"))
]
print("\n".join(rows) or "  none: the newest allowed versions are the locked ones")
