"""A text's fingerprint: small, the same in every process, and a fair estimate of how much
two texts share."""

from __future__ import annotations

import subprocess
import sys

from manumit.ingest.fingerprint import SIZE, Fingerprint
from manumit.ingest.tests.ingest_fixtures import made_up_words


def test_a_fingerprint_is_at_most_a_kilobyte_whatever_the_length_of_the_text() -> None:
    fingerprint = Fingerprint.of(" ".join(made_up_words(1, 50_000)))
    assert len(fingerprint.to_bytes()) == SIZE * 8 == 1024
    assert Fingerprint.from_bytes(fingerprint.to_bytes(), fingerprint.passages) == fingerprint


def test_the_same_text_gives_the_same_fingerprint_in_another_process() -> None:
    text = " ".join(made_up_words(2, 2000))
    code = (
        "import sys; from manumit.ingest.fingerprint import Fingerprint; "
        "sys.stdout.buffer.write(Fingerprint.of(sys.stdin.read()).to_bytes())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], input=text.encode(), capture_output=True, check=True
    )
    assert other.stdout == Fingerprint.of(text).to_bytes()


def test_case_accents_and_punctuation_do_not_change_it() -> None:
    assert Fingerprint.of("Côte d'Ivoire: Cocoa, child labour. " * 10) == Fingerprint.of(
        "cote d ivoire cocoa child labour " * 10
    )


def test_the_share_of_passages_in_common_is_estimated_within_a_few_points() -> None:
    text = made_up_words(3, 4000)
    whole = Fingerprint.of(" ".join(text))
    assert whole.shared_share(whole) == 1.0
    # The first 70% of the text, then new words: 70% of the shorter text is shared.
    edited = Fingerprint.of(" ".join(text[:2800] + made_up_words(4, 1200)))
    assert 0.6 <= whole.shared_share(edited) <= 0.8
    assert whole.shared_share(Fingerprint.of(" ".join(made_up_words(5, 4000)))) == 0.0


def test_a_text_of_a_few_words_is_never_called_the_same_as_another() -> None:
    short = Fingerprint.of("Forced labour is a crime.")
    assert not short.meaningful
    assert short.shared_share(short) == 0.0
