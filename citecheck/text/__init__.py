"""Text utilities shared by the readers and the matcher: normalisation with offsets, sentences."""

from citecheck.text.normalize import NormalText, normalize
from citecheck.text.sentences import Span, split_sentences

__all__ = ["NormalText", "Span", "normalize", "split_sentences"]
