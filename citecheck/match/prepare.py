"""Prepare a text once for matching: normalised, split, its figures read, its words weighed.

A source cited by many claims is prepared once; a claim is prepared once for all its sources.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import deque
from functools import partial
from itertools import accumulate, chain, filterfalse, islice, repeat
from operator import le, sub
from array import array
from collections.abc import Iterable, Iterator, Sequence
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from functools import lru_cache

from citecheck import collector
from citecheck.figures import read_figures
from citecheck.figures.anchor import (MAX_PAGE_DATES, DateSpans, anchored_figures, dating_figures, dating_in,
                                      parse_iso_date)
from citecheck.figures import read as _reader
from citecheck.figures.read import piece_bounds, read_table
from citecheck.figures.table import FigureTable
from citecheck.match.index import FigureIndex
from citecheck.match.lexicon import expand_initialisms, word_key
from citecheck.model import Figure
from citecheck.text import NormalText, normalize
from citecheck.text.sentences import sentence_bounds

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say according per cent percent one two three
reported noted notes told stated added wrote writes
across among within along toward towards behind beyond near onto amid well even still another
four five six seven eight nine ten million billion thousand hundred trillion around approximately
roughly nearly almost least less fewer than first since s t also however many much may might must
shall upon yet via de la le el et du des der die das und
""".split())
_WORD_RE = re.compile(r"[\w'\-]+")
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")


# [issue 10] Word forms come from citecheck.match.lexicon (simplemma lemmas + Snowball stems +
# synonyms), not from a hand-written suffix stripper. `stem` keeps its name for callers.
def stem(word: str) -> str:
    """The key a word is compared by: "camps"/"camp", "labour"/"labor", "rose"/"increased"."""
    return word_key(word)


# "U.N.", "U.S.": dotted initials, read as one word ("UN") so that they expand to the name.
_DOTTED_RE = re.compile(r"\b(?:[A-Z]\.){2,}")


def tokens(text: str) -> list[str]:
    """The keys of the content words of `text`, in order."""
    return [key for _, key in surface_tokens(text)]


def surface_tokens(text: str) -> list[tuple[str, str]]:
    """The content words of `text` as (word as written, key), in order; an initialism gives the
    words it stands for."""
    # A claim's text (its words, its parts) is read several times for each source it is checked against,
    # and the passage most about many claims is one: short texts are read once (a long one is not kept).
    if len(text) <= TOKENS_KEPT_CHARS:
        return list(_kept_surface_tokens(text))
    return _surface_tokens(text)


# The longest text whose content words are kept (_kept_surface_tokens: at most 4,096 texts, 8 MB of text and
# 10 MB of pointers to the word pairs, which _content_words shares).
TOKENS_KEPT_CHARS = 2048


@lru_cache(maxsize=4096)
def _kept_surface_tokens(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_surface_tokens(text))


def _surface_tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    words = _content_words
    for word in _TOKEN_RE.findall(_undotted(text)):  # a list of strings in one call, no match objects
        if "-" in word:
            for part in word.split("-"):
                out += words(part)
        else:
            out += words(word)
    return out


@lru_cache(maxsize=65536)
def _content_words(part: str) -> tuple[tuple[str, str], ...]:
    """(word, key) for one written word, or for each word of the name an initialism stands for."""
    out = []
    for word in expand_initialisms(part) or (part,):
        if word and word.lower() not in STOPWORDS:
            key = stem(word)
            if key and key not in STOPWORDS:
                out.append((word, key))
    return tuple(out)


def stem_set(text: str) -> frozenset[str]:
    """frozenset(tokens(text)), with each distinct written word looked up once: a source has
    millions of words and few distinct ones."""
    text = _undotted(text)
    out: set[str] = set()
    for word in set(_TOKEN_RE.findall(text)):
        out.update(_word_keys(word))
    return frozenset(out)


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    return tuple(key for part in word.split("-") for _, key in _content_words(part))


def claim_words(claim: "PreparedClaim", keys: tuple[str, ...]) -> tuple[str, ...]:
    """The claim's own words for `keys` ("services" for "servic"), for reasons a reader can read."""
    surface: dict[str, str] = {}
    for word, key in surface_tokens(content_text(claim.norm.text, list(claim.figures))):
        surface.setdefault(key, word)
    return tuple(dict.fromkeys(surface.get(k, k) for k in keys))


def _undotted(text: str) -> str:
    return _DOTTED_RE.sub(lambda m: m.group().replace(".", "") + " ", text) if "." in text else text


def content_text(text: str, figures: list[Figure]) -> str:
    """`text` with its figures blanked out, so words are compared without numbers."""
    return _blanked(text, 0, len(text), sorted((f.start, f.end) for f in figures))


@dataclass(frozen=True, slots=True)  # slots: a page near the size cap holds 100,000s of them
class Passage:
    """A sentence of a source, in normalised-text offsets."""

    index: int
    # Offsets only: the sentence's text is norm.text[start:end], not a copy per sentence (a page
    # near the size cap has 100,000s of sentences).
    start: int
    end: int
    stems: frozenset[str]
    # Its figures are PreparedSource.figures_in(index): kept in the source's FigureTable, not here.


# A source is pickled with its passages as these columns (PreparedSource.__reduce__): a field added here
# must be added there.
assert tuple(f.name for f in fields(Passage)) == ("index", "start", "end", "stems")


def passages_of(starts: Iterable[int], ends: Iterable[int], stems: Sequence[frozenset[str]],
                first: int = 0) -> tuple[Passage, ...]:
    """Passage(first + i, starts[i], ends[i], stems[i]) for each sentence i, each made by setting its slots: a frozen
    dataclass's __init__ sets each field through object.__setattr__, about twice the cost (0.1 s for the
    58,000 sentences of a 5 MB page, paid again by each worker that receives it pickled). Speed: each pass is a
    map run to its end by a deque of no length, no step of Python per sentence."""
    made = list(map(_NEW, repeat(Passage, len(stems))))
    set_index, set_start, set_end, set_stems = _SET_SLOTS
    deque(map(set_index, made, range(first, first + len(stems))), 0)
    deque(map(set_start, made, starts), 0)
    deque(map(set_end, made, ends), 0)
    deque(map(set_stems, made, stems), 0)
    return tuple(made)


_SET_SLOTS = tuple(getattr(Passage, name).__set__ for name in ("index", "start", "end", "stems"))
_NEW = object.__new__


@dataclass(frozen=True)
class PreparedSource:
    url: str
    norm: NormalText
    passages: tuple[Passage, ...]
    idf: dict[str, float]
    default_idf: float
    # ISO dates the page gives itself (metadata, dated line, byline): its relative dates count from them.
    page_dates: tuple[str, ...] = ()
    # Where the page dates itself ("Published Aug. 10, 2014"): when the page was written, not when
    # what it reports happened, so these figures back only claims about the publication.
    dateline: frozenset[tuple[int, int]] = frozenset()
    # The index (index.py): stem -> ids of the sentences holding it; figures by family and value.
    postings: dict[str, array] = field(default_factory=dict, repr=False, compare=False)
    figure_index: FigureIndex = field(default_factory=FigureIndex, repr=False, compare=False)
    # The text in lower case, to look a claim's names up in (holds).
    lowered: str = field(default="", repr=False, compare=False)
    # Per-source answers worth keeping across claims (which aliases the text uses, which names it holds).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def words(self) -> frozenset[str]:
        """The distinct words of the text in lower case (distinct_words), made on first use and kept."""
        words = self.memo.get(_WORDS)
        if words is None:
            words = self.memo[_WORDS] = distinct_words(self.lowered)
        return words

    def holds(self, name: str) -> bool:
        """`name in self.lowered`, answered once per name (the claims that cite a source name the same few
        places and people). Speed: a search of the text costs about a fiftieth of making the set of its words,
        so the set is made only once the text has been searched for NAME_SEARCHES names; from then on a name
        that is a whole word is a set lookup (a word of the text is in it: the same answer)."""
        memo = self.memo
        found = memo.get(("holds", name))
        if found is None:
            words = memo.get(_WORDS)
            if words is None:
                searches = memo[_SEARCHES] = memo.get(_SEARCHES, 0) + 1
                if searches > NAME_SEARCHES:
                    words = self.words
            found = (words is not None and name in words) or name in self.lowered
            # Memory: answers are kept for at most NAMES_KEPT names (a batch of a million claims naming a
            # million people against one source kept them all); past that, a name is looked up each time.
            if memo.get(_KEPT, 0) < NAMES_KEPT:
                memo[("holds", name)] = found
                memo[_KEPT] = memo.get(_KEPT, 0) + 1
        return found

    def weight(self, stem_: str) -> float:
        return self.idf.get(stem_, self.default_idf)

    def has_stem(self, stem_: str) -> bool:
        """Does any sentence of the source hold this stem?"""
        return stem_ in self.idf

    def figures_in(self, sentence: int) -> tuple[Figure, ...]:
        """The figures of a sentence, in order of position (made from the source's FigureTable)."""
        index = self.figure_index
        lo = bisect_left(index.sentences, sentence)
        hi = bisect_right(index.sentences, sentence, lo)
        return tuple(index.figures[o] for o in range(lo, hi))

    def __reduce__(self):
        """Pickled with its passages as columns: a process pool hands a source cited by many claims to each
        worker, and 58,000 Passage objects of a 5 MB page took 0.7 s to pickle and 0.5 s to unpickle, ten
        times the rest of the source."""
        # The lower-case text is made again on arrival (a copy of the text, cheaper to make than to send), and
        # what a search remembered (memo) stays behind.
        state = {f.name: getattr(self, f.name) for f in fields(self) if f.init and f.name not in _REMADE}
        return _unpickled_source, (state, *_passage_columns(self.passages))


_REMADE = ("passages", "lowered", "memo")
_WORDS, _SEARCHES, _KEPT = ("words",), ("searches",), ("kept",)  # keys of memo (other keys are strings' pairs)
NAMES_KEPT = 65_536  # the most names whose answer a source keeps (PreparedSource.holds)
# How many names a source's text is searched for before the set of its words is made (PreparedSource.holds):
# then the searches have cost at most what the set costs, and the set at most twice what was needed.
NAME_SEARCHES = 32


def _passage_columns(passages: tuple[Passage, ...]) -> tuple[array, array, list[frozenset[str]], array]:
    sets: dict[frozenset[str], int] = {}
    which = array("I", (sets.setdefault(p.stems, len(sets)) for p in passages))
    return array("q", (p.start for p in passages)), array("q", (p.end for p in passages)), list(sets), which


def _unpickled_source(state: dict, starts: array, ends: array, sets: list[frozenset[str]], which: array) -> PreparedSource:
    passages = passages_of(starts, ends, list(map(sets.__getitem__, which)))
    return PreparedSource(passages=passages, lowered=state["norm"].text.lower(), **state)


@dataclass(frozen=True)
class PreparedClaim:
    text: str
    norm: NormalText
    figures: tuple[Figure, ...]
    stems: tuple[str, ...]  # content words of the claim, figures removed, in order, unique
    # Numbers that are names, not quantities ("Rule 153", "Series 4"): the source must name them too.
    labels: tuple[str, ...] = ()
    # "In a 2014 article, ...": the claim is about a publication, which the page's own date may back.
    about_publication: bool = False


@collector.paused
def prepare_source(text: str, url: str = "", published: str = "", map_pieces=map, *, workers: int = 1) -> PreparedSource:
    """`published` is the page's date from its metadata (ISO); without it a dated line of the text serves.

    `map_pieces`: how the pieces of a long text are prepared (say a process pool's map, so that one large
    source is prepared on every core); each piece is a pure function of the text (`prepare_piece`).
    `workers`: how many processes map_pieces runs on; the text is then cut in a multiple of that many pieces
    of even size, so that they finish together (5 pieces on 2 workers took 3 rounds, the last on one core)."""
    norm = normalize(text)
    groups = piece_groups(norm.text, piece_chars(len(norm.text), workers))
    if len(groups) == 1:
        return assemble_source(norm, [prepare_piece(norm.text, groups[0])], url, published)
    # The pieces are handed out first (a pool's map submits them all at once); while they are prepared, this
    # process makes the text in lower case, loads numpy (the index is built with it), and joins each piece
    # as it comes back: it would wait for them anyway.
    prepared = map_pieces(_prepare_piece_task, [(norm.text, g) for g in groups])
    lowered = norm.text.lower()
    import numpy  # noqa: F401
    return assemble_source(norm, prepared, url, published, lowered=lowered)


# A text is cut for several processes only when each piece is at least this long: below, a piece costs less
# to prepare than to send.
MIN_PIECE_CHARS = 100_000


def piece_chars(length: int, workers: int) -> int | None:
    """The size of the pieces a text of `length` characters is prepared in on `workers` processes: None (the
    figure reader's PIECE_CHARS) for one, else the size that makes a multiple of `workers` pieces at most
    PIECE_CHARS long."""
    if workers <= 1 or length < 2 * MIN_PIECE_CHARS:
        return None
    rounds = -(-length // (workers * _reader.PIECE_CHARS))
    return max(MIN_PIECE_CHARS, -(-length // (rounds * workers)))


@dataclass(frozen=True)
class SourcePiece:
    """What one piece of a normalised text gives on its own: the figures read that start in it, its
    sentences (start, end, start, end, ...), the sentence of each figure (-1 for one between sentences),
    and each sentence's stems (the keys of its words, its figures blanked). Pieces are cut at line breaks,
    where a sentence never goes on, so a piece's sentences are the whole text's. The table of figures comes
    without its text (`figures.text` is ""): the caller has the text, and a piece sent back from another
    process would otherwise bring a copy of all of it."""

    figures: FigureTable
    spans: array
    sentence_of: array
    stems: list[frozenset[str]]
    # The piece's posting lists (_piece_postings), end to end: the stems in order of first use, the length of each
    # one's list, and the ids of the sentences (0: the piece's first) holding each, ascending. Made here, on the
    # pool, so that joining the pieces only offsets and copies them (_Joined.add).
    keys: list[str] = field(default_factory=list)
    key_counts: array = field(default_factory=lambda: array("I"))
    posting_ids: array = field(default_factory=lambda: array("I"))
    # The page's dates its dated lines that start in the piece give (anchor.dating_in): (day, index of the figure
    # in `figures`), and whether a dated line runs past the piece's end (then the whole text is dated when the
    # pieces are joined). Found here, on the pool, so that joining a long text's pieces does not date all of it
    # in one process. None: not looked for (a piece made by an older caller), so the join dates the text.
    dating: tuple[tuple[dt.date, int], ...] | None = None
    dating_spilled: bool = False

    def __post_init__(self):
        # A piece made without its lists (an older caller's four fields) gets them here: joined without them, its
        # sentences would be in no posting list and no claim would find them. (Unpickling does not come here.)
        if not self.keys and any(self.stems):
            for name, value in zip(("keys", "key_counts", "posting_ids"), _piece_postings(self.stems)):
                object.__setattr__(self, name, value)


def piece_groups(text: str, piece_chars: int | None = None) -> list[tuple[tuple[int, int], ...]]:
    """The pieces a text is prepared in: the figure reader's pieces (figures.read.piece_bounds, of
    `piece_chars`), those joined that are cut elsewhere than at a line break, and a short last one."""
    groups: list[list[tuple[int, int]]] = []
    bounds = piece_bounds(text, piece_chars)
    # A last piece of less than a quarter of a piece (the others were cut short at line breaks) goes with the
    # one before it: a task of its own would come last, on one core.
    short = len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] < (piece_chars or _reader.PIECE_CHARS) // 4
    for n, (start, end) in enumerate(bounds):
        if groups and (text[start - 1] != "\n" or (short and n == len(bounds) - 1)):
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    return [tuple(g) for g in groups]


def _prepare_piece_task(task: tuple[str, tuple[tuple[int, int], ...]]) -> SourcePiece:
    return prepare_piece(*task)


@collector.paused
def prepare_piece(text: str, bounds: tuple[tuple[int, int], ...]) -> SourcePiece:
    """One of piece_groups(text), prepared. Pure: pieces may be prepared in any process, in any order."""
    start, end = bounds[0][0], bounds[-1][1]
    # Memory: the figures go straight into columns (figures/table.py); no list of a million Figures is
    # ever held (a page near the size cap took 893 MB that way).
    read = read_table(text, bounds)
    begins, ends = sentence_bounds(text, start, end)
    sentence_of = _sentences_at(begins, ends, read.starts)
    # A sentence's words are found in one copy of the piece with each figure blanked up to the end of its
    # sentence (as _blanked blanks a sentence's own figures in it), not in a copy per sentence.
    words = _blanked_in_sentences(text, start, end, read.starts, read.ends, sentence_of, ends)
    stems = _sentence_stems(words, start, begins, ends)
    dating, spilled = dating_in(text, read, start, end)
    read.text = ""
    return SourcePiece(read, array("q", chain.from_iterable(zip(begins, ends))), sentence_of, stems,
                       *_piece_postings(stems), dating=tuple(dating), dating_spilled=spilled)


def _piece_postings(stems: list[frozenset[str]]) -> tuple[list[str], array, array]:
    """The posting lists of sentences whose stems are `stems`, end to end: (keys, counts, ids), where key k's
    list is the next counts[k] of ids, the ids (0: the first of `stems`) of the sentences holding it, ascending;
    the keys in order of first use (sentence by sentence, each set as it iterates), as a loop over the sentences
    appending each one's id to the list of each of its stems makes them. Counts and ids are 16-bit ("H") when
    there are fewer than 65,536 sentences (most pieces: a piece is sent back pickled, at half the bytes), else
    "I".

    Speed: no step of Python per sentence or per word. The distinct sets are listed once (sentences that say the
    same words share one), each of their members given its key's number by one dict lookup; numpy repeats each
    sentence's members (a gather of its set's row) and sorts the (key, sentence) entries by key with a stable
    sort, which keeps each key's sentences ascending (the entries come sentence by sentence)."""
    import numpy as np

    code = "H" if len(stems) < 1 << 16 else "I"  # (a count is at most the number of sentences)
    if not stems:
        return [], array(code), array(code)
    distinct = list(dict.fromkeys(stems))
    which = np.fromiter(map(dict(zip(distinct, range(len(distinct)))).__getitem__, stems), np.intp, len(stems))
    members = list(chain.from_iterable(distinct))
    keys = list(dict.fromkeys(members))
    member_key = np.fromiter(map(dict(zip(keys, range(len(keys)))).__getitem__, members),
                             np.uint16 if len(keys) <= 1 << 16 else np.intp, len(members))
    sizes = np.fromiter(map(len, distinct), np.intp, len(distinct))
    lengths = sizes[which]
    total = int(lengths.sum())
    if not total:
        return [], array(code), array(code)
    # Entry e of sentence i is member (its set's first + e - sentence i's first entry) of `members`.
    firsts = np.cumsum(lengths) - lengths
    shift = np.repeat((np.cumsum(sizes) - sizes)[which] - firsts, lengths)
    entry_key = member_key[shift + np.arange(total)]
    order = np.argsort(entry_key, kind="stable")  # (a radix sort for 16-bit keys)
    kind = np.dtype(f"=u{array(code).itemsize}")
    rows = np.repeat(np.arange(len(stems), dtype=kind), lengths)[order]
    ids, counts = array(code), array(code)
    ids.frombytes(rows.tobytes())
    counts.frombytes(np.bincount(entry_key, minlength=len(keys)).astype(kind).tobytes())
    return keys, counts, ids


def _sentence_at(begins, ends, at: int) -> int:
    """The sentence (by the begins and ends of sentences in order) that position `at` stands in, else -1."""
    i = bisect_right(begins, at) - 1
    return i if i >= 0 and at < ends[i] else -1


def _sentences_at(begins: list[int], ends: list[int], places) -> array:
    """array("q", (_sentence_at(begins, ends, at) for at in places)), with the bisects run by map and the
    ends looked up in a list shifted by one (its first entry, -1, stands before every sentence: no place is
    below it), so that a place before every sentence needs no test of its own."""
    before = [-1]
    before += ends
    return array("q", [j - 1 if at < before[j] else -1
                       for at, j in zip(places, map(bisect_right, repeat(begins), places))])


def _blanked_in_sentences(text: str, start: int, end: int, starts, stops, sentence_of, ends: list[int]) -> str:
    """_blanked(text, start, end, ((starts[k], min(stops[k], ends[i])) for k, i in enumerate(sentence_of) if
    i >= 0)): text[start:end] with each figure that starts in a sentence blanked up to the end of it.

    Speed: when those spans are in order and apart (start <= s0 <= e0 <= s1 <= ... <= end: the figures of
    most pages), the text between them and the blanks are cut by map and joined at once; what _blanked does
    then gives the same pieces (a span ending where the next starts leaves an empty piece between: same
    string). Otherwise (figures inside others, a figure between sentences) _blanked itself."""
    if -1 not in sentence_of:
        stops = list(map(min, stops, map(ends.__getitem__, sentence_of)))
        places = [start]
        places += chain.from_iterable(zip(starts, stops))
        places.append(end)
        if all(map(le, places, islice(places, 1, None))):
            gaps = map(text.__getitem__, map(slice, places[::2], places[1::2]))
            blanks = map(" ".__mul__, map(sub, stops, starts))
            return "".join(chain.from_iterable(zip(gaps, chain(blanks, ("",)))))
    return _blanked(text, start, end, ((starts[k], min(stops[k], ends[i])) for k, i in enumerate(sentence_of) if i >= 0))


# Where dotted initials ("U.S.") may stand: _DOTTED_RE without its word boundary, at every place. Found by
# the dot that follows the first initial (a pattern that starts with a literal is searched for it at C speed;
# one that starts with a lookahead or a class is tried at every place: 30 ms a MB), the capital before it checked.
_DOT_BEFORE_INITIAL_RE = re.compile(r"\.(?=[A-Z]\.)")


def _dotted_at(text: str) -> Iterator[int]:
    """Every place where "[A-Z].[A-Z]." starts in `text`, in order (overlapping ones too: "U.S.A." gives 0 and 2)."""
    for m in _DOT_BEFORE_INITIAL_RE.finditer(text):
        at = m.start() - 1
        if at >= 0 and "A" <= text[at] <= "Z":
            yield at


def _sentence_stems(words: str, offset: int, begins: list[int], ends: list[int]) -> list[frozenset[str]]:
    """The stems of each sentence (begins[i]:ends[i] of the text), whose words, figures blanked, are
    words[begins[i] - offset:ends[i] - offset]: for each, frozenset of the keys of _TOKEN_RE.findall(its text
    undotted), as stem_set gives them.

    Speed: no step of Python per sentence or per word. The sentences are cut out by map; a sentence said again
    (boilerplate, table rows, repeated lines) is read once (dict.fromkeys keeps the distinct ones, in order), and
    sentences that say the same words share one set (the first made). The words are not found by the regex
    (some 20 MB/s) but as runs (_token_runs); each run is looked up in _RUN_KEYS, filled once per distinct run."""
    if offset:
        begins, ends = list(map(offset.__rsub__, begins)), list(map(offset.__rsub__, ends))
    sentences = list(map(words.__getitem__, map(slice, begins, ends)))
    distinct = list(dict.fromkeys(sentences))
    read = distinct
    # Dotted initials are undotted only in the sentences that hold some ("[A-Z].[A-Z]." whole inside them, where
    # _DOTTED_RE may match; elsewhere _undotted changes nothing): their places are found in the whole text and
    # each is given its sentence by bisect (read as they come, never listed: a page of "A.A.A." would make a
    # list of millions).
    dotted: set[str] = set()
    for at in _dotted_at(words):
        i = bisect_right(begins, at) - 1
        if i >= 0 and at + 4 <= ends[i]:
            dotted.add(sentences[i])
    if dotted:
        read = [_undotted(x) if x in dotted else x for x in distinct]
    keys = _run_keys()
    # (Each run looked up as often as the sentence says it, not once per distinct run: a set of the runs first
    # cost more than the lookups it spared. The same keys: the same set.)
    sets = list(map(frozenset, map(chain.from_iterable, map(partial(map, keys.__getitem__), _token_runs(read)))))
    shared: dict[frozenset[str], frozenset[str]] = {}
    stems_of = dict(zip(distinct, map(shared.setdefault, sets, sets)))
    return list(map(stems_of.__getitem__, sentences))


# Speed: _TOKEN_RE's words are the runs of [A-Za-z'-] that hold a letter, each with its leading and trailing
# "'" and "-" cut off (the regex starts at a run's first letter and its greedy middle gives back only what ends
# it after the last letter; no other character is in a word). So each byte of the UTF-8 text that is not of
# such a run is made a space, and a split gives the runs: at C speed, where the regex reads some 20 MB/s. A
# character past ASCII is bytes past ASCII only, all made spaces, as the regex reads it: no word's. The line
# break is kept: sentences (one line at most) are read joined by it, and cut apart after.
_RUN_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-\n")
_TOKEN_RUNS_TABLE = bytes(c if c in _RUN_BYTES else 32 for c in range(256))


def _token_runs(texts: list[str]) -> Iterator[list[str]]:
    """For each of `texts` (none holding a line break), its runs of [A-Za-z'-], in order: str.split of it with
    every other character made a space. A lone surrogate is bytes past ASCII too (surrogatepass)."""
    if not texts:
        return iter(())
    runs = "\n".join(texts).encode("utf-8", "surrogatepass").translate(_TOKEN_RUNS_TABLE).decode("ascii")
    return map(str.split, runs.split("\n"))


class _RunKeys(dict):
    """A run of [A-Za-z'-] -> the keys of the word it holds (_word_keys of it stripped of "'" and "-": a word
    neither starts nor ends with them, so a word's own entry is its keys), filled on first sight: a plain dict
    lookup per run, for the hundreds of thousands of words of a page and its few thousand distinct ones."""

    def __missing__(self, run: str) -> tuple[str, ...]:
        word = run.strip("'-")
        keys = _word_keys(word) if word else ()
        if len(run) <= RUN_KEPT_CHARS and len(self) < RUNS_KEPT:
            self[run] = keys
        return keys


# The runs' keys, kept across the sources a process prepares (a word's keys depend on the word alone): most
# words of a page were seen on the pages before. Memory: at most RUNS_KEPT runs, as many words as _word_keys
# keeps, some 10 MB: a run past that is looked up each time, and a full table is emptied before the next piece
# (_run_keys); a run longer than RUN_KEPT_CHARS (no word: a hostile page's) is never kept.
_RUN_KEYS = _RunKeys()
RUNS_KEPT = 65536
RUN_KEPT_CHARS = 64


def _run_keys() -> _RunKeys:
    """_RUN_KEYS, emptied first if full (so that the runs of the pages a process prepares now are kept)."""
    if len(_RUN_KEYS) >= RUNS_KEPT:
        _RUN_KEYS.clear()
    return _RUN_KEYS


@collector.paused
def assemble_source(norm: NormalText, pieces: Iterable[SourcePiece], url: str = "", published: str = "",
                    lowered: str | None = None) -> PreparedSource:
    """The prepared source from its pieces (piece_groups order): the page's dates, the figures they
    anchor, the index. Consumes `pieces`, joining each as it comes (say from a pool that prepares the next
    meanwhile) and letting it go (a page near the size cap). `lowered`: the text in lower case, when the caller
    has it."""
    joined = _Joined(norm.text)
    for piece in pieces:
        joined.add(piece)
    if isinstance(pieces, list):
        pieces.clear()
    read, spans, of_read, stems = joined.read, joined.spans, joined.of_read, joined.stems
    found = joined.dating()
    dating = dating_figures(norm.text, read) if found is None else [(day, read[k]) for day, k in found]
    pages = list(dict.fromkeys(d for d in [parse_iso_date(published), *(d for d, _ in dating)] if d))[:MAX_PAGE_DATES]
    added: list[Figure] = []
    if pages:
        dates = list(read.orders_where(lambda shape: shape.kind == "date"))
        added = anchored_figures(norm.text, DateSpans((read.starts[k], read.ends[k]) for k in dates),
                                 (read[k] for k in dates if int(read.values[k]) // 10000 == 0), pages)
    figures, sentence_of, again = _by_sentence(read, spans, of_read, added)
    # A date the page's own date completes ("last Tuesday") is blanked from its sentence's words as well.
    for i in again:
        lo = bisect_left(sentence_of, i)
        hi = bisect_right(sentence_of, i, lo)
        s, e = spans[2 * i], spans[2 * i + 1]
        joined.restem(i, stem_set(_blanked(norm.text, s, e, [(figures.starts[k], figures.ends[k]) for k in range(lo, hi)])))
    del read, added, of_read
    passages, postings = joined.passages(), joined.postings
    n = max(1, len(passages))
    idf = {t: math.log((n + 1) / (len(ids) + 0.5)) + 1.0 for t, ids in postings.items()}
    if lowered is None:
        lowered = norm.text.lower()
    return PreparedSource(url=url, norm=norm, passages=passages, idf=idf,
                          default_idf=math.log((n + 1) / 0.5) + 1.0,
                          page_dates=tuple(d.isoformat() for d in pages),
                          dateline=frozenset((f.start, f.end) for _, f in dating),
                          postings=postings, figure_index=FigureIndex(figures, sentence_of), lowered=lowered)


_ID_BYTES = array("I").itemsize  # the bytes of a sentence id in a posting list


class _Joined:
    """The pieces of a text put end to end, each as it comes: the figures read (`read`), the sentences (`spans`:
    start, end, start, end, ...), the sentence of each figure (`of_read`, -1 between sentences), each sentence's
    stems, its passages, and the posting lists of the stems (stem -> ids of the sentences holding it, in order).
    The first piece's columns are taken as they are (a short text is one piece)."""

    def __init__(self, text: str):
        self.text = text
        self.read: FigureTable | None = None
        self.spans = array("q")
        self.of_read = array("q")
        self.stems: list[frozenset[str]] = []
        self.postings: dict[str, array] = {}
        self._passages: list[tuple[Passage, ...]] = []
        self._restemmed: dict[int, None] = {}
        self._same: dict[frozenset[str], frozenset[str]] | None = None  # sets alike in several pieces: one kept
        # The pieces' dated lines (SourcePiece.dating), their figures numbered in `read`; None once a piece has none.
        self._datings: list[tuple[tuple[tuple[dt.date, int], ...], bool]] | None = []

    def add(self, p: SourcePiece) -> None:
        first = len(self.stems)
        if self._datings is not None:
            if p.dating is None:
                self._datings = None
            else:
                base = 0 if self.read is None else len(self.read)
                self._datings.append((tuple((day, base + k) for day, k in p.dating), p.dating_spilled))
        if self.read is None:
            p.figures.text = self.text
            self.read, self.spans, self.of_read, self.stems = p.figures, p.spans, p.sentence_of, p.stems
            stems = p.stems
        else:
            if self._same is None:
                self._same = dict(zip(self.stems, self.stems))
            self.read.extend_from(p.figures)
            if -1 in p.sentence_of:
                self.of_read.extend(first + i if i >= 0 else -1 for i in p.sentence_of)
            else:  # (by map: most figures stand in a sentence)
                self.of_read.extend(map(first.__add__, p.sentence_of))
            self.spans.extend(p.spans)
            stems = list(map(self._same.setdefault, p.stems, p.stems))
            self.stems += stems
        # The piece's posting lists (made on the pool, in its own sentence ids), their ids offset by the sentences
        # before it at once, then copied key by key: a step of Python per stem of the piece, none per sentence.
        ids = p.posting_ids
        if ids and (first or ids.typecode != "I"):  # (to the posting lists' own type, "I", and offset)
            import numpy as np

            ids = np.frombuffer(ids, f"=u{ids.itemsize}").astype(f"=u{_ID_BYTES}")
            if first:
                ids += first
            ids = ids.data
        raw = memoryview(ids).cast("B")
        postings = self.postings
        get = postings.get
        lo = 0
        for t, hi in zip(p.keys, accumulate(map(_ID_BYTES.__mul__, p.key_counts))):
            held = get(t)
            if held is None:
                postings[t] = held = array("I")
            held.frombytes(raw[lo:hi])
            lo = hi
        self._passages.append(passages_of(p.spans[::2], p.spans[1::2], stems, first))

    def dating(self) -> list[tuple[dt.date, int]] | None:
        """What dating_figures gives for the joined text, as (day, index of the figure in `read`): joined_dating of
        the pieces' own; None when a piece did not look."""
        return None if self._datings is None else joined_dating(self._datings)

    def restem(self, i: int, stems: frozenset[str]) -> None:
        """Sentence i holds `stems` instead: its stems, its passage and the posting lists changed."""
        old, self.stems[i] = self.stems[i], stems
        self._restemmed[i] = None
        postings = self.postings
        for t in old - stems:
            ids = postings[t]
            del ids[bisect_left(ids, i)]
            if not ids:
                del postings[t]
        for t in stems - old:
            ids = postings.get(t)
            if ids is None:
                postings[t] = ids = array("I")
            ids.insert(bisect_left(ids, i), i)

    def passages(self) -> tuple[Passage, ...]:
        out = self._passages[0] if len(self._passages) == 1 else tuple(chain.from_iterable(self._passages))
        if self._restemmed:
            made = list(out)
            for i in self._restemmed:
                made[i] = Passage(i, self.spans[2 * i], self.spans[2 * i + 1], self.stems[i])
            out = tuple(made)
        return out


def joined_dating(datings: Iterable[tuple[Iterable[tuple[dt.date, int]], bool]]) -> list[tuple[dt.date, int]] | None:
    """dating_figures of a text from what anchor.dating_in found in each of its pieces, in order ((day, figure)
    pairs, spilled): their days in order, each once with its first figure, at most MAX_PAGE_DATES (dating_in says
    why that is the same). None when a piece's dated line ran into the next piece before that many were found:
    the pieces after it may have been tried at places the whole text skips."""
    out: list[tuple[dt.date, int]] = []
    for found, spilled in datings:
        for day, k in found:
            if day not in [d for d, _ in out]:
                out.append((day, k))
                if len(out) >= MAX_PAGE_DATES:
                    return out
        if spilled:
            return None
    return out


def _by_sentence(read: FigureTable, spans: array, of_read: array,
                 added: list[Figure]) -> tuple[FigureTable, array, list[int]]:
    """The figures, read and added, that start inside a sentence, in order; the sentence of each (a figure
    between sentences belongs to none); and the sentences an added figure stands in. When no figure is
    added or dropped (most pages), the table read is the answer as it is, not copied figure by figure."""
    if not added and -1 not in of_read:
        return read, array("I", of_read), []
    figures = FigureTable(read.text, like=read)
    sentence_of = array("I")
    again: dict[int, None] = {}
    begins, ends = spans[::2], spans[1::2]
    for at, _, k, fig in _in_order(read, added):
        if fig is None:
            i = of_read[k]
        else:
            i = _sentence_at(begins, ends, at)
            if i >= 0:
                again[i] = None
        if i < 0:
            continue
        if fig is None:
            figures.append_from(read, k)
        else:
            figures.append(fig)
        sentence_of.append(i)
    return figures, sentence_of, list(again)


# Memory: the words are gathered piece by piece; findall over a whole page near the size cap makes a list
# of its four million words (230 MB) before the set keeps the few thousand distinct ones.
WORDS_PIECE_CHARS = 1 << 20
# Speed: each byte of the UTF-8 text that is ASCII and not of a word ([\w'\-]) made a space, so that a split
# of the bytes gives runs of word characters and of characters past ASCII, each read once however often it
# comes (a 5 MB page: 800,000 runs, 30,000 distinct). Such a run is a word when it is ASCII; else it is read by
# the regex (it may hold non-ASCII characters that are no word's: dashes, quotes, other spaces). UTF-8 cuts a
# character past ASCII into bytes past ASCII only, so no run is cut inside one.
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-")
_RUNS_TABLE = bytes(c if c in _WORD_BYTES or c >= 128 else 32 for c in range(256))


def distinct_words(text: str) -> frozenset[str]:
    """frozenset(_WORD_RE.findall(text)), read in pieces cut after a space (no word holds one)."""
    out: set[str] = set()
    start = 0
    while start < len(text):
        end = text.find(" ", start + WORDS_PIECE_CHARS)
        end = len(text) if end < 0 else end + 1
        try:
            runs = set(text[start:end].encode("utf-8").translate(_RUNS_TABLE).split())
        except UnicodeEncodeError:  # a lone surrogate: read by the regex
            out.update(_WORD_RE.findall(text, start, end))
        else:
            out.update(b" ".join(filter(bytes.isascii, runs)).decode("ascii").split())
            for run in filterfalse(bytes.isascii, runs):
                out.update(_WORD_RE.findall(run.decode("utf-8")))
        start = end
    return frozenset(out)


def prepare_claim(text: str) -> PreparedClaim:
    """The claim prepared for checking. What only cites is blanked out of it before it is normalised
    (same length, so every offset holds): reference markers ("[7]", "(Smith et al., 2013)", "[,18,]"),
    an author named as "Marjot et al.", and placeholder tags ("<ref>", "<|cit|>"). They say who is cited,
    not what the source must say: read as words, "al" or "cit" is a claim word no source gives, "[7]" a
    figure, and "Marjot" a name the cited paper's own text hardly ever carries. `text` stays as written."""
    norm = normalize(_without_citations(text))
    figures = tuple(read_figures(norm.text))
    seen: dict[str, None] = {}
    for t in tokens(content_text(norm.text, list(figures))):
        seen.setdefault(t, None)
    return PreparedClaim(text=text, norm=norm, figures=figures, stems=tuple(seen),
                         labels=tuple(dict.fromkeys(label_numbers(norm.text, figures))),
                         about_publication=PUBLICATION_RE.search(norm.text) is not None)


# A bracket holding only reference numbers, or an author-year reference.
_REF = r"\d{1,3}(?!\d)"  # a reference number; a bracketed "(2009)" or "(1,200)" is a figure
_REFS = _REF + r"(?:(?:\s*[;\u2013\-]\s*|,\s+|,(?!\d{3}\b))" + _REF + r")*"
# A marker left by removed references keeps their separators: "[,18,]", "[–21]", "(, 15)".
# A leading dash only in square brackets: "(-5)" is a negative figure.
CITATION_RE = re.compile(r"\[\s*[,;\u2013\-]?\s*" + _REFS + r"\s*[,;]?\s*\]|\(\s*[,;]?\s*" + _REFS + r"\s*[,;]?\s*\)"
                          r"|[\[(][^\[\]()]{0,80}\bet al\.?,?\s*\d{4}[a-z]?[^\[\]()]{0,80}[\])]"
                          r"|[\[(][A-Z][\w\-]+(?: (?:and|&) [A-Z][\w\-]+)?,\s*\d{4}[a-z]?[\])]")


# Who is cited, written into the sentence: "Marjot et al.", "Smith and Jones et al.", and
# placeholder tags that stand for a reference ("<ref>", "<|cit|>").
_CITING_RE = re.compile(r"(?:\b[A-Z][\w'\u2019\-]*(?:\s+(?:and|&)\s+[A-Z][\w'\u2019\-]*)?\s+)?\bet\s+al\b\.?(?:['\u2019]s\b)?"
                        r"|<\|?[A-Za-z_]{1,20}\|?>")


def _without_citations(text: str) -> str:
    # Speed: a pattern is searched for only when the text holds what each of its matches holds (CITATION_RE:
    # a "[" or a "("; _CITING_RE: "et" and "al", or a "<"): most claims cite nothing, and the search tries
    # _CITING_RE at every capital.
    rxs = (CITATION_RE,) if "[" in text or "(" in text else ()
    if "<" in text or ("et" in text and "al" in text):
        rxs += (_CITING_RE,)
    spans = [m.span() for rx in rxs for m in rx.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


PUBLICATION_RE = re.compile(r"\b(?:publish\w*|post(?:ed|ing)|article|report(?:ed)?|wrote|written|column|interview\w*|"
                            r"op-ed|editorial|blog|press release|statement|issue[ds]?)\b", re.I)


_LABEL_RE = re.compile(r"(?<=[ (#])\d+(?:\.\d+)?\b(?![.,]\d)")


def label_numbers(text: str, figures: tuple[Figure, ...] | list[Figure]) -> list[str]:
    """Stand-alone numbers that no figure took: "Rule 153", "Series 4", "(2009), 21, pp."."""
    taken = [(f.start, f.end) for f in figures]
    taken.sort()
    out = []
    reach = 0  # how far the figures starting before the match reach: one pass over both, in order
    k = 0
    for m in _LABEL_RE.finditer(text):
        while k < len(taken) and taken[k][0] <= m.start():
            reach = max(reach, taken[k][1])
            k += 1
        if reach <= m.start():
            out.append(m.group())
    return out


def _in_order(read: FigureTable, added: list[Figure]):
    """(start, end, k, None) for figure k of `read` and (start, end, -1, figure) for each added one, by
    position; at equal positions the read figure first (as a stable sort of read + added puts them)."""
    j = 0
    for k in range(len(read)):
        start = read.starts[k]
        while j < len(added) and added[j].start < start:
            yield added[j].start, added[j].end, -1, added[j]
            j += 1
        yield start, read.ends[k], k, None
    for f in added[j:]:
        yield f.start, f.end, -1, f


def _blanked(text: str, start: int, end: int, spans: Iterable[tuple[int, int]]) -> str:
    """text[start:end] with the (start, end) `spans` (in text order) blanked out, built from slices."""
    pieces, at = [], start
    add = pieces.append
    for s, e in spans:
        lo = s if s > at else at  # max(s, at), min(e, end) for ints, without the calls
        hi = e if e < end else end
        if hi <= lo:
            continue
        add(text[at:lo])
        add(" " * (hi - lo))
        at = hi
    add(text[at:end])
    return "".join(pieces)
