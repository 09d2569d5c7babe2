"""A long source is prepared in pieces (each a pure function of the text, so on every core) and the pieces
put together: what comes out is what preparing it whole gives."""

from __future__ import annotations

import random
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

import citecheck.figures.read as reader
from citecheck.batch import BatchItem, check_items
from citecheck.match import prepare_source
from citecheck.match.prepare import piece_groups, tokens
from tests.test_index import _sentence


def _prepared(source) -> tuple:
    """Everything a prepared source holds, as plain values."""
    index = source.figure_index
    return (
        [(p.index, p.start, p.end, sorted(p.stems)) for p in source.passages],
        list(index.figures), list(index.sentences), list(index.always),
        sorted((k, list(v)) for k, v in source.postings.items()), sorted(source.idf.items()), source.default_idf,
        source.page_dates, sorted(source.dateline), sorted(source.words),
    )


def _text(seed: int) -> str:
    """Lines of generated sentences, a dated byline, dates relative to it ("last Tuesday", "yesterday"),
    one long line (a piece cut elsewhere than at a line break) and blank lines (figures between sentences)."""
    rng = random.Random(seed)
    lines = ["Published March 3, 2020", "By Jane Doe", ""]
    for n in range(120):
        lines.append(" ".join(_sentence(rng) for _ in range(rng.randint(1, 3))))
        if n % 17 == 0:
            lines.append(f"Last Tuesday, {rng.randint(2, 900):,} people came; yesterday prices rose {rng.randint(1, 9)}%.")
        if n == 60:
            lines.append(" ".join(_sentence(rng) for _ in range(40)))
        if n % 23 == 0:
            lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(3))
def test_a_source_prepared_in_pieces_is_the_source_prepared_whole(seed, monkeypatch):
    text = _text(seed)
    whole = [_prepared(prepare_source(text)), _prepared(prepare_source(text, "u", "2021-02-03"))]
    monkeypatch.setattr(reader, "PIECE_CHARS", 700)
    groups = piece_groups(text)
    assert len(groups) > 5 and any(len(g) > 1 for g in groups)  # pieces, some joined across a long line
    assert [_prepared(prepare_source(text)), _prepared(prepare_source(text, "u", "2021-02-03"))] == whole
    assert whole[0][-3] == ("2020-03-03",)
    # A date the page's date anchors ("Tuesday" of "Last Tuesday", "yesterday") is blanked from its sentence's words,
    # as the figures read are.
    passages, figures, sentences = whole[0][:3]
    anchored = [(f, sentences[k]) for k, f in enumerate(figures) if f.anchored]
    assert {f.text for f, _ in anchored} == {"Tuesday", "yesterday"}
    assert all(not set(tokens(f.text)) & set(passages[i][3]) for f, i in anchored)


def test_pieces_prepared_in_other_processes(monkeypatch):
    text = _text(7)
    whole = _prepared(prepare_source(text, "u", "2021-02-03"))
    monkeypatch.setattr(reader, "PIECE_CHARS", 900)
    # fork: the workers see the patched piece size
    import multiprocessing

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        assert _prepared(prepare_source(text, "u", "2021-02-03", map_pieces=pool.map)) == whole


@pytest.mark.parametrize("forks", [True, False], ids=["forked-with-the-source", "source-pickled"])
def test_batch_prepares_a_source_cited_by_many_claims_once_on_every_worker(tmp_path, monkeypatch, forks):
    """The source's pieces and then its claims are prepared on the workers; its parts are checked by workers forked
    with the prepared source (Linux), or by the run's, which get it pickled: the records of one process."""
    from citecheck import batch

    if forks and not sys.platform.startswith("linux"):
        pytest.skip("workers are forked with a prepared source on Linux only")
    monkeypatch.setattr(batch, "_FORKS", forks)
    monkeypatch.setattr(batch, "SPLIT_CLAIMS", 4)
    monkeypatch.setattr(reader, "PIECE_CHARS", 900)
    handed: list[tuple] = []  # per task: its source inherited?, its own pool?, its claims prepared?
    group_tasks = batch._group_tasks

    def spy(*args):
        for task, side in group_tasks(*args):
            handed.append((task[3] == batch.INHERITED, side is not None, task[4] is not None))
            yield task, side

    monkeypatch.setattr(batch, "_group_tasks", spy)
    rng = random.Random(11)
    path = tmp_path / "one.txt"
    path.write_text(_text(3), encoding="utf-8")
    items = [BatchItem(n, str(n), _sentence(rng), None, str(path), None) for n in range(1, 25)]
    assert len(piece_groups(path.read_text(encoding="utf-8"))) > 2
    two = list(check_items(items, workers=2))
    assert handed == [(forks, forks, True)] * 2
    assert two == list(check_items(items, workers=1))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked with a prepared source on Linux only")
def test_sources_cited_by_many_claims_are_checked_one_at_a_time(tmp_path, monkeypatch):
    """Three such sources in one window: each source's workers have left before the next source's are forked (each
    holds its source), and the records are those of one process."""
    from citecheck import batch

    monkeypatch.setattr(batch, "SPLIT_CLAIMS", 4)
    monkeypatch.setattr(reader, "PIECE_CHARS", 900)
    forked: list = []
    side_pool = batch._side_pool

    def spy(workers, prepared, pools):
        assert not any(w.is_alive() for p in forked for w in batch._workers_of[p]), "a source's workers still ran"
        pool = side_pool(workers, prepared, pools)
        forked.append(pool)
        return pool

    monkeypatch.setattr(batch, "_side_pool", spy)
    rng = random.Random(12)
    items = []
    for k in range(3):
        path = tmp_path / f"s{k}.txt"
        path.write_text(_text(4 + k), encoding="utf-8")
        items += [BatchItem(n, str(n), _sentence(rng), None, str(path), None) for n in range(200 * k + 1, 200 * k + 201)]
    two = list(check_items(items, workers=2))
    assert len(forked) == 3
    assert two == list(check_items(items, workers=1))


def test_a_task_for_a_forked_worker_fails_loudly_elsewhere():
    # A worker not forked with a source never checks claims against none (its text is not sent): it raises.
    from citecheck import batch
    from citecheck.match import DEFAULTS
    from citecheck.model import Source

    item = BatchItem(1, "1", "Seals rose.", None, "x.txt", None)
    with pytest.raises(RuntimeError, match="forked with its source"):
        batch._check_group_task((Source("x.txt", text=""), [item], DEFAULTS, batch.INHERITED, None))


def test_a_prepared_source_pickles_whole():
    # Handed to every worker pickled (its passages as columns): the same source comes back.
    import pickle

    source = prepare_source(_text(2), "u", "2021-02-03")
    again = pickle.loads(pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
    assert _prepared(again) == _prepared(source)
    assert (again.url, again.norm.text, again.lowered, again.passages) == (source.url, source.norm.text, source.lowered,
                                                                           source.passages)


def test_a_piece_travels_without_the_text(monkeypatch):
    # A piece prepared in another process comes back pickled: with its table's text, a 24 MB page cut
    # into 24 pieces would come back as 24 copies of itself.
    import pickle

    from citecheck.match.prepare import prepare_piece

    text = _text(4)
    monkeypatch.setattr(reader, "PIECE_CHARS", 900)
    groups = piece_groups(text)
    assert len(groups) > 5
    first = pickle.dumps(prepare_piece(text, groups[0]))
    assert text[-300:].encode() not in first and len(first) < len(text) / 4


def test_a_source_cut_for_the_workers_of_a_pool_is_the_source_prepared_whole(monkeypatch):
    # Cut into a multiple of the workers' count of even pieces (so that they finish together), the words of the
    # text gathered here while the pieces are prepared: the same source.
    import multiprocessing

    from citecheck.match import prepare

    text = "\n".join(_text(seed) for seed in range(5))
    whole = _prepared(prepare_source(text, "u", "2021-02-03"))
    monkeypatch.setattr(reader, "PIECE_CHARS", 9000)
    monkeypatch.setattr(prepare, "MIN_PIECE_CHARS", 1000)
    for workers in (2, 3):
        size = prepare.piece_chars(len(text), workers)
        assert len(text) / size == pytest.approx(workers * round(len(text) / size / workers), abs=0.01)
        assert size <= 9000
        # Even: each piece about as long as the others (cut at a line break in its last quarter).
        bounds = reader.piece_bounds(text, size)
        assert len(bounds) >= workers and all(0.75 * size <= e - s <= size for s, e in bounds[:-1])
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            assert _prepared(prepare_source(text, "u", "2021-02-03", map_pieces=pool.map, workers=workers)) == whole
    assert prepare.piece_chars(len(text), 1) is None  # one process: the reader's pieces
    monkeypatch.setattr(prepare, "MIN_PIECE_CHARS", len(text))
    assert prepare.piece_chars(len(text), 2) is None  # too short to be worth sending


def test_the_stems_of_each_sentence_are_its_words_keys():
    # Sentences read one after the other (dotted initials found once for the whole text, repeated sentences read
    # once): each holds the keys of its own words, "U.S." read as "US" wherever it stands.
    from citecheck.match.prepare import stem_set

    text = ("The U.S. and the U.N. met. Then A.B.C. spoke.\nNo initials here at all. U.S.A.! The U.S. and the U.N. met.\n"
            "x.Y.Z. and Q.R.S\nThe end. The U.S. and the U.N. met.\nU.K.") * 3
    source = prepare_source(text)
    assert len(source.passages) > 10 and not len(source.figure_index.figures)
    for p in source.passages:
        assert p.stems == stem_set(source.norm.text[p.start:p.end]), source.norm.text[p.start:p.end]
    assert "unit" in source.passages[0].stems  # "U.S.": united states


def test_distinct_words_are_the_regexs_words():
    # Read from the UTF-8 bytes in runs: the same words as the regex finds, whatever the characters.
    import re

    from citecheck.match.prepare import distinct_words

    texts = ["naïve café — “quoted” x\u00a0y \u2028 z\x1fq a_b it's well-known ǅ ŉ ﬁ 1·7 ٣٤ end",
             "lone \ud800 surrogate's words", "", " ", "\x00\x7f\x1c''--__", "İstanbul ΣΑΣ σ x\u0301y", "a-" * 1000]
    for text in texts:
        assert distinct_words(text) == frozenset(re.findall(r"[\w'\-]+", text))


def test_passages_made_by_their_slots_are_passages():
    from citecheck.match.prepare import Passage, passages_of

    made = passages_of([0, 5], [4, 9], [frozenset({"a"}), frozenset()])
    assert made == (Passage(0, 0, 4, frozenset({"a"})), Passage(1, 5, 9, frozenset()))
    assert hash(made[0]) == hash(Passage(0, 0, 4, frozenset({"a"})))
    with pytest.raises(AttributeError):
        made[0].start = 3  # still frozen


def test_a_short_last_piece_goes_with_the_one_before(monkeypatch):
    # The pieces are cut short at line breaks; what is left after the last full one is not a task of its own.
    size = 2000
    for lines in range(300, 400):  # the first of these texts that leaves a short tail
        text = "\n".join(f"Line {k} counts {k * 7} seals." for k in range(lines))
        bounds = reader.piece_bounds(text, size)
        if bounds[-1][1] - bounds[-1][0] < size // 4:
            break
    assert bounds[-1][1] - bounds[-1][0] < size // 4
    groups = piece_groups(text, size)
    assert len(groups) == len(bounds) - 1 and groups[-1] == tuple(bounds[-2:])
    monkeypatch.setattr(reader, "PIECE_CHARS", size)
    whole = _prepared(prepare_source(text, "u", "2021-02-03"))
    monkeypatch.setattr(reader, "PIECE_CHARS", 10**7)
    assert _prepared(prepare_source(text, "u", "2021-02-03")) == whole


def test_a_source_s_claims_are_handed_to_its_forked_workers_in_shrinking_runs():
    """Guided self-scheduling: every claim once, in order, in runs that shrink to SMALLEST_PART (the workers finish
    close together), never fewer runs than workers."""
    from citecheck import batch

    for n, workers in ((1000, 2), (999, 3), (200, 2), (24, 2), (7, 2), (5000, 8)):
        parts = batch.guided_parts(list(range(n)), workers)
        assert [x for part in parts for x in part] == list(range(n))
        sizes = [len(part) for part in parts]
        assert len(parts) >= min(workers, n)
        assert all(a >= b for a, b in zip(sizes, sizes[1:]))
        assert all(s >= min(batch.SMALLEST_PART, -(-n // workers)) for s in sizes[:-1])
    assert [len(p) for p in batch.guided_parts(list(range(1000)), 2)] == [250, 188, 141, 106, 79, 59, 50, 50, 50, 27]
