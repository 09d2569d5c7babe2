"""Words as the matcher compares them: one key for every form of a word, and how rare a word is.

- `word_key("increased") == word_key("rising") == word_key("rose")`: a claim that says what its
  source says in other words meets it. Inflections ("studies"/"study", "won"/"win") come from the
  simplemma lemmatiser (a kept dictionary of English forms, irregular ones included), derivations
  ("proliferation"/"proliferate", "association"/"associated") from the Snowball English stemmer run
  on the lemma. A short list of synonyms and abbreviations, common in the claims people write about
  figures and findings, maps each to one key ("rose"/"increased", "Dr."/"doctor").
- `rarity("apoptosis")` is how informative a word is, from its frequency in general English
  (wordfreq): a claim's rare words are what it is about; "study", "show" are not. Unlike an IDF
  over the source's own sentences, it does not call a word rare just because a short source says
  it once.

Both are cached: a run meets the same few thousand words again and again. The stemmer, lemmatiser
and frequency table load on first use, not on import (the CLI's start-up time).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

# Words that say the same in the claims people write. Each group maps to its first word's key.
# General English only, no domain terms.
SYNONYM_GROUPS = (
    "increase rise rose risen grow climb jump surge soar gain boost raise",
    "decrease fall decline drop reduce lower shrink plunge slump cut lessen diminish",
    "begin start commence launch initiate",
    "end finish conclude terminate cease",
    "buy purchase acquire",
    "kill slay",
    "big large huge",
    "small little tiny",
    "show demonstrate reveal indicate suggest",
    "use utilize utilise employ",
    "help aid assist",
    "need require",
    "build construct erect",
    "enlarge expand",
    "receive get obtain",
    "award prize",
    "doctor physician",
    "job employment",
    "car automobile vehicle",
    "child kid",
    "people person individual",
    "country nation",
    "film movie",
    "quick fast rapid",
    "major significant substantial considerable",
    "ban prohibit forbid outlaw",
    "elect vote",
    "found establish",
    "enhance improve",
    "affect influence impact",
    "cause induce trigger",
    "block inhibit suppress",
    "harm damage injure",
    "death die perish fatality",  # head "death": "die" is a stopword (the German article)
)

# Abbreviations written for a word (after case folding and with dots dropped).
ABBREVIATIONS = {
    "dr": "doctor", "prof": "professor", "gov": "governor", "govt": "government", "sen": "senator",
    "rep": "representative", "pres": "president", "gen": "general", "lt": "lieutenant", "col": "colonel",
    "capt": "captain", "sgt": "sergeant", "st": "saint", "mt": "mount", "ft": "fort", "co": "company",
    "corp": "corporation", "inc": "incorporated", "ltd": "limited", "dept": "department", "univ": "university",
    "assn": "association", "intl": "international", "natl": "national", "approx": "approximately",
}

# Verb forms the lemmatiser reads as another word ("won" as the Korean currency); "left", "felt",
# "shot", "thought" stay: as often nouns or adjectives.
IRREGULAR = {"won": "win", "born": "bear", "borne": "bear", "bore": "bear", "gone": "go", "broke": "break",
             "awoken": "awake"}

# Names written as initials ("U.N.", "UN") and in full: both give the same words.
INITIALISMS = {
    "un": "united nations", "us": "united states", "usa": "united states", "uk": "united kingdom",
    "eu": "european union", "who": "world health organization", "nyc": "new york city",
    "fbi": "federal bureau investigation", "cia": "central intelligence agency", "nasa": "nasa",
}


@lru_cache(maxsize=1)
def _stemmer():
    # snowballstemmer hands out PyStemmer's C build of the same algorithm when it is installed
    # (about 50 times faster); its pure-Python one otherwise.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        words = group.split()
        head = _stem(words[0])
        for w in words:
            out.setdefault(_stem(w), head)
    return out


# British spellings meet American ones: "labour"/"labor", "organise"/"organize", "centre"/"center".
_BRITISH = ((re.compile(r"our$"), "or"), (re.compile(r"is(e|ed|es|ing|ation)$"), r"iz\1"),
            (re.compile(r"tre$"), "ter"), (re.compile(r"ogue$"), "og"))


def _stem(word: str) -> str:
    lemma = _lemmatizer().lemmatize(word, "en").lower()
    if len(lemma) > 4:
        for rx, repl in _BRITISH:
            lemma = rx.sub(repl, lemma)
    return _stemmer().stemWord(lemma)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key a word is compared by: the same for its inflections, derivations and listed synonyms."""
    w = word.lower().replace("'", "").replace("\u2019", "")
    w = ABBREVIATIONS.get(w.replace(".", ""), w)
    w = IRREGULAR.get(w, w)
    stem = _stem(w)
    return _synonyms().get(stem, stem)


def expand_initialisms(word: str) -> tuple[str, ...]:
    """The words an initialism stands for ("U.N." -> ("united", "nations")), else ()."""
    if not word.isupper() and "." not in word:
        return ()
    full = INITIALISMS.get(word.lower().replace(".", ""))
    return tuple(full.split()) if full else ()


# Words of letters a-z with apostrophes inside that wordfreq reads as one token, as they stand (its
# tokenizer, wordfreq/tokens.py TOKEN_RE: no Unicode word break inside "korea's" or "rock'n'roll"), so that
# their frequency is the one listed for them. Not those that open with one or two letters, an apostrophe and
# a vowel or "h" ("o'er", "y'all", "l'arc"): wordfreq cuts those in two (its French rule), and they go to
# wordfreq itself. Speed: a claim's possessive ("Korea's") otherwise imports wordfreq and unpacks its whole
# list, 0.5 s in every process that checks claims.
_ONE_TOKEN_RE = re.compile(r"(?![a-z]{1,2}'[aehiouy])[a-z]+(?:'[a-z]+)+")
_LISTED_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")  # the words of wordfreq's list the table keeps

# A word wordfreq does not know is as rare as the rarest it knows (Zipf 1: once per 100 million words).
_FLOOR_ZIPF = 1.0
_MAX_ZIPF = 7.0


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """How informative `word` is in general English: 1 for the rarest words, near 0 for "the".

    7 minus the word's Zipf frequency (log10 of uses per billion words), over 6.
    """
    w = word.lower()
    if w.isascii() and (w.isalpha() or _ONE_TOKEN_RE.fullmatch(w)):
        # A word of letters a-z is one token to wordfreq, and so is one with apostrophes inside ("korea's",
        # "don't"; not "o'er", see _ONE_TOKEN_RE): its Zipf frequency is the table's (0 when unlisted).
        z = tables().zipf.get(w, 0.0)
    else:
        from wordfreq import zipf_frequency

        z = zipf_frequency(w, "en")
    z = max(_FLOOR_ZIPF, z)
    return max(0.05, (_MAX_ZIPF - z) / (_MAX_ZIPF - _FLOOR_ZIPF))


# The tables behind word_key and rarity. Loaded on first use: unpacking them from the libraries' files
# costs about 0.5 s of CPU (simplemma's front-coded dictionary is decoded in Python, wordfreq's list is
# turned into a dict), in every process that checks a claim. The CLI hands in a loader that keeps them
# in the user's cache dir (citecheck/lexicon_cache.py), so later runs load them in a tenth of that.


@dataclass(frozen=True)
class LexiconTables:
    """What the lexicon looks words up in, as plain dicts (so that they can be kept and loaded again)."""

    # simplemma's English dictionary, word form -> lemma, as its DictionaryFactory holds it (UTF-8 bytes).
    lemmas: dict[bytes, bytes]
    # wordfreq's Zipf frequency ("best" English list) of every word of letters a-z (with apostrophes
    # inside, "don't") it lists, rounded as
    # wordfreq.zipf_frequency rounds it (a dict, or any table with dict's `get`).
    zipf: Mapping[str, float]


_loader: Callable[[], LexiconTables] | None = None


def use_tables(loader: Callable[[], LexiconTables] | None) -> None:
    """Load the tables with `loader()` when they are first needed (None: build_tables()). Tables already
    loaded stay: every loader gives the same tables, only some faster."""
    global _loader
    _loader = loader


def loading_with() -> Callable[[], LexiconTables] | None:
    """The loader use_tables gave (None: build_tables)."""
    return _loader


@lru_cache(maxsize=1)
def tables() -> LexiconTables:
    return (_loader or build_tables)()


def build_tables() -> LexiconTables:
    """The tables, unpacked from simplemma's and wordfreq's own files."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk
    from wordfreq import cB_to_freq, freq_to_zipf, get_frequency_list, zipf_to_freq

    zipf: dict[str, float] = {}
    floor = zipf_to_freq(0.0)  # zipf_frequency's default minimum
    for index, bucket in enumerate(get_frequency_list("en", "best")):
        # As wordfreq.word_frequency gives it: a listed word's frequency, at least the minimum, rounded
        # to 3 significant digits; then as zipf_frequency does: on the Zipf scale, to 2 decimals.
        freq = max(cB_to_freq(-index), floor)
        freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
        z = round(freq_to_zipf(freq), 2)
        for w in bucket:
            if w.isascii() and _LISTED_RE.fullmatch(w):
                zipf[w] = z  # a word in two buckets: the last one, as get_frequency_dict keeps it
    return LexiconTables(_load_dictionary_from_disk("en"), zipf)


@lru_cache(maxsize=1)
def _lemmatizer():
    """simplemma's default lemmatiser (as simplemma.lemmatize runs it), over the tables' dictionary."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import CachingDictionaryFactory, MappingStrToByteString

    lemmas = MappingStrToByteString(tables().lemmas)

    class TablesFactory(CachingDictionaryFactory):
        def _get_dictionary_uncached(self, lang: str):
            if lang != "en":
                raise ValueError(f"only English is loaded, not {lang!r}")
            return lemmas

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=TablesFactory()))


__all__ = ["LexiconTables", "build_tables", "expand_initialisms", "rarity", "tables", "use_tables", "word_key"]
