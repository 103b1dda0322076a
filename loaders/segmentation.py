"""jieba tokenizers with their own dictionaries, built lazily, cached in the user's cache folder.

Each caller gets a separate ``jieba.Tokenizer`` so that one dictionary (agency names) does not
leak into another (indicator words), and jieba's global tokenizer is never changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba


def cache_dir() -> Path:
    """Where jieba keeps its dictionary cache: $XDG_CACHE_HOME/policykg (not a shared /tmp file)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policykg"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def tokenizer(words: Iterable[str], freq: int = 2000, tag: str | None = None) -> jieba.Tokenizer:
    """A new jieba tokenizer with ``words`` added to its dictionary (call once; cache the result)."""
    import jieba

    jieba.setLogLevel(60)
    made = jieba.Tokenizer()
    made.tmp_dir = str(cache_dir())
    for word in words:
        made.add_word(word, freq=freq, tag=tag)
    return made
