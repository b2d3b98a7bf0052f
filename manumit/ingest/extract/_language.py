"""Which language a document is written in, from a sample of its text (py3langid)."""

from __future__ import annotations

import functools
from typing import Any

MIN_LETTERS = 40  # below this a guess is noise ("hello" reads as Breton)
MIN_CONFIDENCE = 0.5
SAMPLE_CHUNKS = 8
CHUNK_CHARS = 600


@functools.cache
def _identifier() -> Any:
    # Loaded once per worker (about 0.7 s); numpy comes with it, so only on demand.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm_up() -> None:
    """Load the model now (in a worker, before its memory limit is set)."""
    _identifier()


def sample(text: str) -> str:
    """Chunks spread over the whole text, so a cover page or a table does not decide."""
    if len(text) <= SAMPLE_CHUNKS * CHUNK_CHARS:
        return text
    step = (len(text) - CHUNK_CHARS) // (SAMPLE_CHUNKS - 1)
    return "\n".join(text[i * step : i * step + CHUNK_CHARS] for i in range(SAMPLE_CHUNKS))


def detect_language(text: str) -> str:
    """An ISO 639-1 code, or "" where there is too little text or no clear answer."""
    chosen = sample(text)
    if sum(ch.isalpha() for ch in chosen) < MIN_LETTERS:
        return ""
    code, confidence = _identifier().classify(chosen)
    return str(code) if confidence >= MIN_CONFIDENCE else ""
