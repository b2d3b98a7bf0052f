"""Manumit's settings plus the test-only `pause` app (see pause.py), for the kill -9 tests'
child processes. Nothing else differs from what an operator runs."""

from manumit.settings import *  # noqa: F403
from manumit.settings import INSTALLED_APPS as MANUMIT_APPS

INSTALLED_APPS = [*MANUMIT_APPS, "manumit.tests.support.pause.PauseConfig"]
