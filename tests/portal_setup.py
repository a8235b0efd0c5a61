"""What the portal tests share besides their fixtures (tests/conftest.py: `pkg`, `ctx`, `published`):
the build date they use and the one hostile string, which exists only inside the tests, to prove
that such text stays inert."""

from datetime import date

TODAY = date(2026, 11, 27)
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>&amp;\u2028"
