"""The lexicon's word tables: the same answers as simplemma and wordfreq, and kept on disk so that a run
loads them instead of unpacking them (citecheck/lexicon_cache.py)."""

import json
import os
import random
import subprocess
import sys

import pytest
import simplemma
import wordfreq

from citecheck import lexicon_cache
from citecheck.match import lexicon
from citecheck.match.lexicon import LexiconTables, build_tables, rarity, word_key


@pytest.fixture(scope="module")
def built() -> LexiconTables:
    return build_tables()


@pytest.fixture
def fresh_lexicon():
    """Tables not loaded yet in this process; the default loader again afterwards."""
    lexicon.tables.cache_clear()
    lexicon._lemmatizer.cache_clear()
    yield
    lexicon.use_tables(None)
    lexicon.tables.cache_clear()
    lexicon._lemmatizer.cache_clear()


def _junk(n: int, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(1, 12))) for _ in range(n)]


def test_zipf_table_gives_what_wordfreq_gives(built):
    listed = sorted(built.zipf)
    sample = listed[::40] + listed[:50] + listed[-50:] + _junk(2000)
    assert len(sample) > 9000
    for w in sample:
        assert built.zipf.get(w, 0.0) == wordfreq.zipf_frequency(w, "en"), w


def _rarity_by_wordfreq(w: str) -> float:
    z = max(1.0, wordfreq.zipf_frequency(w.lower(), "en"))
    return max(0.05, (7.0 - z) / 6.0)


def test_rarity_of_words_the_table_does_not_hold_asks_wordfreq():
    # A letter outside a-z, or a French-style opening that wordfreq cuts in two ("y'all": "y", "all").
    for w in ("y'all", "o'er", "L'Arc", "naïve", "Apoptosis", "we'ever"):
        assert rarity(w) == _rarity_by_wordfreq(w)


def _apostrophe_words(n: int, seed: int = 5) -> list[str]:
    """Made-up words of a-z with apostrophes inside: openings of one to three letters before the first one
    (where wordfreq's French rule looks), a vowel or "h" or another letter after it, several apostrophes."""
    rnd = random.Random(seed)
    letters, after = "abcdefghijklmnopqrstuvwxyz", "aehiouybcdkmnrst"
    out = []
    for _ in range(n):
        word = "".join(rnd.choice(letters) for _ in range(rnd.randint(1, 3))) + "'" + rnd.choice(after)
        for _ in range(rnd.randint(0, 2)):
            word += "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 4))) + "'" + rnd.choice(letters)
        out.append(word + "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 5))))
    return out


def test_words_with_apostrophes_get_what_wordfreq_gives_from_the_table(built, fresh_lexicon):
    # Every listed word with an apostrophe ("don't", "korea's", "rock'n'roll"), as written in a claim, and
    # made-up ones, unlisted or cut in two by wordfreq: the table's answer is wordfreq's.
    lexicon.use_tables(lambda: built)
    lexicon.rarity.cache_clear()
    listed = [w for w in built.zipf if "'" in w]
    assert len(listed) > 10000 and "don't" in listed
    sample = listed + [w.capitalize() for w in listed[::7]] + _apostrophe_words(5000) + [
        "Korea's", "it's", "I'm", "we're", "o'clock", "rock'n'roll", "DON'T"]
    for w in sample:
        assert rarity(w) == _rarity_by_wordfreq(w), w
    lexicon.rarity.cache_clear()


def test_a_claims_possessive_does_not_load_wordfreq(tmp_path):
    # wordfreq's whole list takes 0.5 s to unpack in every process that checks claims: a possessive or a
    # contraction is looked up in the kept table (from the second run on, once the table is kept).
    code = ("import sys; from citecheck import lexicon_cache; lexicon_cache.install(sys.argv[1]); "
            "from citecheck.match.lexicon import rarity; [rarity(w) for w in sys.argv[2:]]; "
            "print('wordfreq' in sys.modules)")
    run = [sys.executable, "-c", code, str(tmp_path), "Korea's", "don't", "camps"]
    subprocess.run(run, capture_output=True, check=True)  # the first run unpacks the tables with wordfreq
    out = subprocess.run(run, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_lemmatiser_over_the_tables_gives_what_simplemma_gives(built):
    lemmatizer = lexicon._lemmatizer()
    keys = [k.decode() for k in list(built.lemmas)[::25]]
    sample = keys + [k.capitalize() for k in keys[::5]] + [k.upper() for k in keys[::20]] + _junk(2000) + [
        "U.N.", "don't", "children's", "well-known", "x", "naïve", "running", "rose", "studies", "won"]
    for w in sample:
        assert lemmatizer.lemmatize(w, "en") == simplemma.lemmatize(w, lang="en"), w


def test_the_tables_are_kept_and_loaded_again(tmp_path, built, monkeypatch):
    first = lexicon_cache.load_tables(str(tmp_path))
    (kept,) = os.listdir(tmp_path)
    assert kept == lexicon_cache.file_name()

    def no_unpacking():
        raise AssertionError("unpacked again although kept")

    monkeypatch.setattr(lexicon, "build_tables", no_unpacking)
    again = lexicon_cache.load_tables(str(tmp_path))
    assert isinstance(again.zipf, lexicon_cache.SortedWords)
    assert again.lemmas == built.lemmas == first.lemmas
    for w in sorted(built.zipf)[::97] + _junk(3000, seed=5) + ["", "a", "zzzzzzzzzzzz"]:
        assert again.zipf.get(w, 0.0) == built.zipf.get(w, 0.0), w


# Well-formed marshal of the right shape, wrong contents (a crash, every word as rare as the rarest), and a
# length that asks marshal for 256 MB: none is read, because none carries the digest of its contents.
_NOT_OURS = [b"(" + (1 << 25).to_bytes(4, "little"),
             __import__("marshal").dumps((3, {b"starts": 5}, "", b"\0\0\0\0", b"")),
             __import__("marshal").dumps((3, {}, "", b"\0\0\0\0", b""))]


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", "truncated", "other format", "flipped",
                                    *_NOT_OURS])
def test_a_damaged_file_is_made_again(tmp_path, built, damage):
    import marshal

    path = tmp_path / lexicon_cache.file_name()
    lexicon_cache.load_tables(str(tmp_path))
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100_000])
    elif damage == "flipped":
        data = bytearray(path.read_bytes())
        data[-1000] ^= 1
        path.write_bytes(bytes(data))
    elif damage == "other format":
        path.write_bytes(lexicon_cache.MAGIC + bytes(32) + marshal.dumps((lexicon_cache.FORMAT - 1, {}, {})))
    else:
        path.write_bytes(damage)
    tables = lexicon_cache.load_tables(str(tmp_path))
    assert tables.lemmas == built.lemmas and tables.zipf.get("camp") == built.zipf["camp"]
    assert isinstance(lexicon_cache.load_tables(str(tmp_path)).zipf, lexicon_cache.SortedWords)  # rewritten


def test_a_directory_that_cannot_be_written_only_costs_time(tmp_path, built):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache dir would be")
    tables = lexicon_cache.load_tables(str(blocker / "lexicon"))
    assert tables.lemmas == built.lemmas


def test_installed_cache_gives_the_same_keys_and_rarities(tmp_path, fresh_lexicon):
    words = ["increased", "rising", "rose", "camps", "labour", "apoptosis", "Korea's", "the", "prisoners"]
    lexicon.word_key.cache_clear()
    lexicon.rarity.cache_clear()
    default = [(word_key(w), rarity(w)) for w in words]
    lexicon.tables.cache_clear()
    lexicon._lemmatizer.cache_clear()
    lexicon.word_key.cache_clear()
    lexicon.rarity.cache_clear()
    lexicon_cache.install(str(tmp_path))
    assert [(word_key(w), rarity(w)) for w in words] == default
    assert os.listdir(tmp_path) == [lexicon_cache.file_name()]


def test_batch_keeps_the_tables_in_the_user_cache_dir(tmp_path):
    items = tmp_path / "in.jsonl"
    items.write_text(json.dumps({"id": "a", "claim": "About 2.6 million people live in modern slavery.",
                                 "source_text": "An estimated 2.6 million people live in modern slavery."}) + "\n")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    for _ in range(2):  # made, then loaded
        run = subprocess.run([sys.executable, "-m", "citecheck", "batch", str(items), "--workers", "1"],
                             capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["verdict"] == "supported"
    assert os.listdir(tmp_path / "xdg" / "citecheck" / "lexicon") == [lexicon_cache.file_name()]


def test_unknown_library_versions_keep_no_file(tmp_path, built, monkeypatch):
    monkeypatch.setattr(lexicon_cache, "file_name", lambda: None)
    assert lexicon_cache.load_tables(str(tmp_path)).lemmas == built.lemmas
    assert os.listdir(tmp_path) == []


def test_files_of_other_versions_are_removed_when_stale(tmp_path, built, monkeypatch):
    # An upgrade leaves the old 10 MB file behind: it goes when a new one is written, once it is a week old
    # (a file another install still writes is kept; nothing but tables files is touched).
    monkeypatch.setattr(lexicon, "build_tables", lambda: built)
    old, recent, other = tmp_path / "en-simplemma-1.0-old.marshal", tmp_path / "en-simplemma-1.1-recent.marshal", \
        tmp_path / "notes.txt"
    for f in (old, recent, other):
        f.write_bytes(b"x")
    week_ago = os.path.getmtime(recent) - lexicon_cache.STALE_SECONDS - 60
    os.utime(old, (week_ago, week_ago))
    os.utime(other, (week_ago, week_ago))
    lexicon_cache.load_tables(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == sorted([lexicon_cache.file_name(), recent.name, other.name])
