"""The demo library: about fifty real resources of the anti-slavery field, for a first run.

`manumit demo` loads it (see management/commands/demo.py); `make run` does so on an empty
database. The facts live in library.json; the descriptions there are the curators' own.
"""

from manumit.catalog.demo.loader import DEMO_FILE, DemoDataError, LoadResult, load_demo

__all__ = ["DEMO_FILE", "DemoDataError", "LoadResult", "load_demo"]
