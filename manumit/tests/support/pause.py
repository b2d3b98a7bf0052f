"""A test-only app that freezes a process inside a save, so a test can `kill -9` it there.

Loaded only by `pause_settings` (a child process a test starts with DJANGO_SETTINGS_MODULE
pointing at it); Manumit's own settings never name it. When a row of the model labelled
PAUSE_ON_SAVE (e.g. "catalog.Authorship") is saved, inside whatever transaction saves it,
the process writes its pid to the file PAUSE_MARKER and sleeps. Once only: the marker's
existence lets a restarted process save normally.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save

PAUSE_SECONDS = 3600  # far longer than any test waits: the test kills the process first


def pause_here(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label != os.environ.get("PAUSE_ON_SAVE"):
        return
    try:
        descriptor = os.open(os.environ["PAUSE_MARKER"], os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return  # paused once already: this is the process that came after the kill
    os.write(descriptor, str(os.getpid()).encode())
    os.close(descriptor)
    time.sleep(PAUSE_SECONDS)


class PauseConfig(AppConfig):
    name = "manumit.tests.support.pause"
    label = "manumit_test_pause"

    def ready(self) -> None:
        post_save.connect(pause_here, dispatch_uid="manumit-test-pause")
