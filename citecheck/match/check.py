"""Check one claim against one source text: a pure function, no I/O.

For each figure of the claim (figure_check): where does the source give the same value, and is
that passage about the same thing as the claim? If the passage most about the claim gives another
value of the same kind instead, the figure is contradicted. The claim's verdict then weighs its
figures with what the rest of the claim says: its words and names found in the source, and whether
the claim says "no" where the source does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from citecheck.match.caseless import Caseless
from citecheck.match.decision import PARTS, Measures, backed_enough, features, probability
from citecheck.match.figure_check import check_figure
from citecheck.match.index import held
from citecheck.match.passages import Context, ContextTable, evidence_of, missing_stems, stems_of
from citecheck.figures.compare import is_plain_year
from citecheck.figures.read import MONTHS
from citecheck.match.lexicon import rarity
from citecheck.match.polarity import negated
from citecheck.match.prepare import (CITATION_RE, PreparedClaim, PreparedSource, claim_words, content_text, prepare_claim, prepare_source,
                                     surface_tokens)
from citecheck.match.settings import DEFAULTS, Settings
from citecheck.model import CONTRADICTED, PARTIAL, SUPPORTED, UNSUPPORTED, Evidence, Figure, FigureVerdict

# Capitalised words inside a sentence: the names a claim is about.
_NAME_RE = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][\w'\-]*[a-z][\w'\-]*")
# Names a source may give in another customary form: "the U.S." names the United States. Written
# exactly (case matters: "us" and "un" are words).
NAME_ALIASES = {
    "United States": re.compile(r"\bU\.\s?S\.|\bUS\b|\bUSA\b|\bAmerica"),
    "United Kingdom": re.compile(r"\bU\.\s?K\.|\bUK\b|\bBritain|\bBritish\b"),
    "European Union": re.compile(r"\bEU\b"),
    "United Nations": re.compile(r"\bU\.\s?N\.|\bUN\b"),
    "New York City": re.compile(r"\bNYC\b"),
}


@dataclass(frozen=True)
class SourceCheck:
    """What one source says about one claim."""

    verdict: str
    score: float
    figures: tuple[FigureVerdict, ...]
    evidence: Evidence | None
    reason: str = ""
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signals:
    """What the claim-level verdict is decided on (all from one source)."""

    best_about: float  # how much the passage most about the claim is about it
    coverage: float  # share of the claim's words found anywhere in the source
    missing_names: tuple[str, ...]  # names of the claim the source never mentions
    polarity_differs: bool  # the claim says "no" where its best passage does not


def check_text(claim: str, source_text: str, url: str = "", settings: Settings = DEFAULTS) -> SourceCheck:
    """Check `claim` against `source_text`; evidence offsets index `source_text`."""
    return check_prepared(prepare_claim(claim), prepare_source(source_text, url), settings)


def check_prepared(claim: PreparedClaim, source: PreparedSource, settings: Settings = DEFAULTS) -> SourceCheck:
    ctxs = ContextTable(claim, source)
    figures = checked_figures(claim)
    best = ctxs.best(settings.exhaustive)
    if best is None:
        return SourceCheck(UNSUPPORTED, 0.0, tuple(FigureVerdict(f, UNSUPPORTED, note="the source has no text")
                                                   for f in figures), None, "the source has no text")
    best, signals, verdicts, abouts = _measure(claim, source, ctxs, best, figures, settings)
    result = _decide(claim, source, verdicts, abouts, best, signals, settings)
    return _require_labels(claim, source, result, best)


def _measure(claim: PreparedClaim, source: PreparedSource, ctxs: ContextTable, best: Context,
             figures: tuple[Figure, ...], settings: Settings) -> tuple[Context, Signals, list[FigureVerdict], list[float]]:
    signals = _signals(claim, source, best)
    used: set[tuple[int, int]] = set()
    verdicts: list[FigureVerdict] = []
    abouts: list[float] = []
    for fig in figures:
        fv, about = check_figure(fig, claim, source, ctxs, best, used, settings)
        verdicts.append(fv)
        abouts.append(about)
        # A source figure backs one claim figure: "10-7" is not backed twice by one "7". A year is
        # the exception: "the 2018 festival ... on 9 November 2018" may both rest on "November 9".
        if fv.source_figure is not None and fv.verdict == SUPPORTED and not is_plain_year(fig):
            used.add((fv.source_figure.start, fv.source_figure.end))
    return best, signals, verdicts, abouts


# [issue 10] The features the learned decision weighs (train/fit_decision.py computes them with this).
def decision_features(claim: PreparedClaim, source: PreparedSource, settings: Settings = DEFAULTS) -> dict[str, float]:
    ctxs = ContextTable(claim, source)
    best = ctxs.best(settings.exhaustive)
    if best is None:
        return features(claim, _measures(source, None, (), [], Signals(0.0, 0.0, (), False)))
    best, signals, verdicts, abouts = _measure(claim, source, ctxs, best, checked_figures(claim), settings)
    return features(claim, _measures(source, best, verdicts, abouts, signals))


def _measures(source: PreparedSource, best: Context | None, verdicts, abouts: list[float], sig: Signals) -> Measures:
    # The whole source is looked at through its index (idf: every key it holds; postings: the
    # sentences holding a key), so a claim's cost does not grow with the size of its source.
    return Measures(best_about=sig.best_about,
                    best_keys=stems_of(source, best.first, best.last) if best else frozenset(),
                    source_keys=source.idf,
                    figures=len(verdicts), figures_backed=sum(v.verdict == SUPPORTED for v in verdicts),
                    figures_about=sum(abouts),
                    missing_names=len(sig.missing_names), negation_mismatch=sig.polarity_differs,
                    most_held=lambda keys, weights: _most_held(source, keys, weights, best),
                    best_sequence=_keys_in_order(source, best),
                    best_text=source.norm.text[best.start:best.end] if best else "",
                    figure_keys=frozenset(k for v in verdicts if v.verdict == SUPPORTED and v.evidence is not None
                                          for _, k in surface_tokens(v.evidence.quote)))


def _keys_in_order(source: PreparedSource, best: Context | None) -> tuple[str, ...]:
    return tuple(k for _, k in surface_tokens(source.norm.text[best.start:best.end])) if best else ()


def _most_held(source: PreparedSource, keys: set[str], weights: dict[str, float], best: Context | None = None) -> float:
    """The most weight of `keys` that one sentence holds (from the index's postings).

    A sentence of `best` (the passage most about the claim) that holds every key the source holds holds the
    most: its sum is the whole sum, added in the same order (that of `keys`, as `held` adds them), and a sum
    of weights of no sign below zero, added in order, never falls when a term is added (rounding is
    monotone), so no sentence holding fewer sums to more. It is found without summing every sentence's
    (an array of the source's size per claim)."""
    postings = source.postings
    present = [k for k in keys if k in postings]
    if best is not None and present:
        ws = [weights.get(k, 0.0) for k in present]
        if min(ws) >= 0.0 and any(q.stems.issuperset(present) for q in source.passages[best.first:best.last + 1]):
            total = 0.0
            for w in ws:
                total += w
            return total
    # Weights are rarities, above 0: a sentence holding none of the keys (0.0) never exceeds one that does.
    hits = held(postings, keys, lambda k: weights.get(k, 0.0), len(source.passages))
    return float(hits.max()) if len(hits) else 0.0


def checked_figures(claim: PreparedClaim) -> tuple[Figure, ...]:
    """Ordinals ("the 6th championship") are names more often than quantities: checked only alone.
    [issue 10] Citation markers ("[7]", "[, 48]", "(33)", "(Smith et al., 2013)") cite, they claim nothing:
    prepare_claim blanks them as written, and a marker that only normalisation makes (a dash unified)
    is left out here."""
    text = claim.norm.text
    # Every marker opens with a bracket ("[" or "("): a claim without one is not searched.
    markers = [m.span() for m in CITATION_RE.finditer(text)] if "[" in text or "(" in text else []
    return tuple(f for f in claim.figures if (f.kind != "ordinal" or len(claim.figures) == 1)
                 and not any(s <= f.start and f.end <= e for s, e in markers))


def _signals(claim: PreparedClaim, source: PreparedSource, best: Context) -> Signals:
    coverage = sum(source.has_stem(t) for t in claim.stems) / len(claim.stems) if claim.stems else 0.0
    words = content_text(claim.norm.text, claim.figures)
    # A name the source's own address carries ("... in The Daily Signal" for dailysignal.com) is
    # the publisher, named in the claim's attribution, not something the page must repeat.
    url = source.url.lower()
    aliased = {w for name, alias in NAME_ALIASES.items()
               if name in words and _uses_alias(source, name, alias) for w in name.split()}
    names = tuple(dict.fromkeys(n for n in _NAME_RE.findall(words)
                                if not any(_names(source, form) for form in _name_forms(_unpossessed(n.lower())))
                                and n.lower().rstrip(".") not in MONTHS
                                and _unpossessed(n.lower()) not in url and n not in aliased))
    passage = source.norm.text[best.start:best.end]
    differs = _negated_only(claim.norm.text, passage) and _negation_in_passage_part(claim, stems_of(source, best.first, best.last))
    return Signals(best.about, coverage, names, differs)


# A negated part of the claim counts when the passage gives at least this share of its words
# (weighed by rarity): a "no" in a part the passage does not discuss is not a disagreement.
NEGATED_PART_COVER = 0.5


def _negation_in_passage_part(claim: PreparedClaim, passage_keys: frozenset[str]) -> bool:
    """[issue 10] Does the claim say "no" in a part the passage is about? "Although its effect in the
    arteries has not been investigated, knockdown in the brain leads to ..." denies nothing that a
    passage about the knockdown says: its negated part is simply absent there (what the decision's
    `weakest_part` weighs), not contradicted. Parts are those of the decision (PART_RE) with two
    content words or more; a claim of one such part is the passage's subject whole."""
    text = _NOT_DENIAL.blanked(content_text(claim.norm.text, claim.figures))
    parts = [(part, {k: rarity(w) for w, k in surface_tokens(part)}) for part in PARTS.split(text)]
    parts = [(part, words) for part, words in parts if len(words) >= 2]
    if len(parts) < 2:  # one part: the passage most about the claim is about it
        return True
    for part, words in parts:
        total = sum(words.values())
        if negated(part) and sum(w for k, w in words.items() if k in passage_keys) >= NEGATED_PART_COVER * total:
            return True
    return False


# [issue 10] Wording with a negation word that denies nothing: "with or without diabetes" covers
# both, "not only X but Y" and "whether or not" assert, "if not all" widens. Blanked before the
# negation check, so that such a claim is not read as saying "no".
_NOT_DENIAL = Caseless(r"\b(?:with or without|whether or not|not only|not just|not merely|if not)\b")


def _negated_only(claim_text: str, passage_text: str) -> bool:
    """polarity.claim_negated_only, with the wording that denies nothing left out of both texts."""
    # (Written out, so that the passage is read only when the claim says "no".)
    return negated(_NOT_DENIAL.blanked(claim_text)) and not negated(_NOT_DENIAL.blanked(passage_text))


_POSSESSIVE_RE = re.compile(r"(?<=\w)['\u2019]s?$")


def _unpossessed(name: str) -> str:
    """[issue 10] "Adams's", "CDC's", "Angeles'" name Adams, the CDC, Los Angeles: the source need not
    use the possessive."""
    if "'" not in name and "\u2019" not in name:  # nothing to take away (the pattern needs one of them)
        return name
    return _POSSESSIVE_RE.sub("", name)


# [issue 10] A place and the adjective of its people name one thing: "in England" is what a source
# about "the English league" is about, "American adults" what one about America is. General
# knowledge, as the lexicon's synonyms are: the places writers name most, each with its adjective.
_DEMONYMS = dict(pair.split(":") for pair in (
    "africa:african america:american asia:asian europe:european australia:australian austria:austrian "
    "belgium:belgian brazil:brazilian britain:british canada:canadian chile:chilean china:chinese "
    "denmark:danish egypt:egyptian england:english finland:finnish france:french germany:german "
    "greece:greek india:indian iran:iranian iraq:iraqi ireland:irish israel:israeli italy:italian "
    "japan:japanese korea:korean mexico:mexican netherlands:dutch nigeria:nigerian norway:norwegian "
    "pakistan:pakistani poland:polish portugal:portuguese russia:russian scotland:scottish spain:spanish "
    "sweden:swedish switzerland:swiss turkey:turkish ukraine:ukrainian vietnam:vietnamese wales:welsh").split())
_PLACES = {adjective: place for place, adjective in _DEMONYMS.items()}


def _name_forms(name: str) -> tuple[str, ...]:
    """`name` (lower case) and the place or the adjective it pairs with, if any."""
    other = _DEMONYMS.get(name) or _PLACES.get(name)
    return (name, other) if other else (name,)


def _names(source: PreparedSource, name: str) -> bool:
    """Does the source's text hold `name` (lower case)? (Answered once per source and name.)"""
    return source.holds(name)


def _uses_alias(source: PreparedSource, name: str, alias: re.Pattern) -> bool:
    key = ("alias", name)
    if key not in source.memo:
        source.memo[key] = alias.search(source.norm.text) is not None
    return source.memo[key]


def _decide(claim: PreparedClaim, source: PreparedSource, verdicts: list[FigureVerdict], abouts: list[float],
            best: Context, sig: Signals, st: Settings) -> SourceCheck:
    n = len(verdicts)
    ok = [v for v in verdicts if v.verdict == SUPPORTED]
    verdicts = [_unless_other_quantity(v) for v in verdicts]
    contra = [v for v in verdicts if v.verdict == CONTRADICTED]
    # [issue 10] Reasons quote the claim's own words, never the keys they are compared by.
    missing = claim_words(claim, missing_stems(claim, source, best))
    evidence = ok[0].evidence if ok else (contra[0].evidence if contra else evidence_of(source, best))
    # [issue 10] Supported or not is the learned decision (decision.py); the score is its probability.
    feats = features(claim, _measures(source, best, verdicts, abouts, sig))
    p = probability(feats)
    score = round(p, 3)
    # A contradicted figure outweighs the others: an editor must see it, and --fail-on must catch it.
    if contra:
        reason = "; ".join(f"{v.figure.text}: {v.note}" for v in contra)
        return SourceCheck(CONTRADICTED, min(score, 0.2), tuple(verdicts), contra[0].evidence, reason, missing)
    if sig.polarity_differs and not (ok and not _negated_only(claim.norm.text, _quote(source, evidence))):
        reason = "the claim and the passage most about it disagree on a negation (no, not, never, without ...)"
        return SourceCheck(UNSUPPORTED, min(score, 0.3), tuple(verdicts), evidence, reason, missing)
    # Every figure must stand in a passage about the claim: the model weighs the rest of the claim.
    # [issue 10] A claim whose every figure stands in a passage as much about it as one that could
    # contradict it, and whose names the source all gives, is backed whatever the model's quirks.
    figures_backed = n > 0 and len(ok) == n and min(abouts) >= st.contradiction_threshold and not sig.missing_names
    if len(ok) == n and ((p >= 0.5 and backed_enough(feats)) or figures_backed):
        reason = ("every figure stands in the source, in a passage about the claim" if n
                  else "the source says this in a passage about the claim")
        return SourceCheck(SUPPORTED, max(score, 0.5), tuple(verdicts), evidence, reason, missing)
    if ok or (sig.coverage >= st.partial_coverage and len(claim.stems) >= 3):
        return SourceCheck(PARTIAL, min(score, 0.49), tuple(verdicts), evidence,
                           _partial_reason(verdicts, sig, missing), missing)
    reason = verdicts[0].note if n == 1 else ("no figure of the claim stands in the source" if n
                                              else "no passage of the source says this")
    return SourceCheck(UNSUPPORTED, min(score, 0.3), tuple(verdicts), evidence, reason, missing)


# [issue 10] Two bare counts (no unit, no scale word) four orders of magnitude apart or more are not two values
# of one quantity: a claim's "15 SNPs" is not contradicted by a passage's "94,725,000" reads, nor an
# interval "0.09-0.45" by a population of 102,178,117. Such a figure is only not backed. A writer's
# slip of scale ("80,000" for 80, a thousand times) is still a contradiction.
OTHER_QUANTITY_RATIO = 10_000.0
_SCALE_WORD_RE = re.compile(r"(?i)hundred|thousand|[mbtr]illion|lakh|crore|\d\s*[kmb]n?\b")


def _unless_other_quantity(v: FigureVerdict) -> FigureVerdict:
    g = v.source_figure
    if v.verdict != CONTRADICTED or g is None or not _other_quantity(v.figure, g):
        return v
    return replace(v, verdict=UNSUPPORTED, source_figure=None,
                   note=f"the source does not give this figure (its {g.text} is another quantity)")


def _other_quantity(fig: Figure, g: Figure) -> bool:
    if fig.kind != "count" or g.kind != "count" or fig.unit or g.unit \
            or _SCALE_WORD_RE.search(fig.text) or _SCALE_WORD_RE.search(g.text):
        return False
    a, b = _magnitude(fig), _magnitude(g)
    return a > 0 and b > 0 and max(a, b) >= OTHER_QUANTITY_RATIO * min(a, b)


def _magnitude(f: Figure) -> float:
    return max(abs(f.value), abs(f.high_value or 0.0))


def _quote(source: PreparedSource, ev: Evidence | None) -> str:
    return source.norm.original[ev.start:ev.end] if ev else ""


def _partial_reason(verdicts: list[FigureVerdict], sig: Signals, missing: tuple[str, ...]) -> str:
    parts = [f"{v.figure.text} ({v.note})" for v in verdicts if v.verdict != SUPPORTED]
    if sig.missing_names:
        parts.append("the source never names " + ", ".join(sig.missing_names))
    elif missing:
        parts.append("the passage does not say: " + ", ".join(missing[:6]))
    return "not backed: " + "; ".join(parts) if parts else "only part of the claim stands in the source"


def _labelled_otherwise(claim_text: str, number: str, passage: str) -> bool:
    """[issue 10] Does the passage give the word that labels `number` in the claim with another number
    ("Rule 153" for the claim's "Rule 351")? A passage that never uses the label ("type 2 diabetes"
    named in passing, "part 2" of a series it does not number) leaves the name simply absent, which
    the decision weighs with the rest of the claim's words; only another number for it is an error."""
    for m in re.finditer(r"(\w+)\W{1,2}" + re.escape(number) + r"(?![\d.]\d)", claim_text):
        if not m.group(1).isdigit() and re.search(r"\b" + re.escape(m.group(1)) + r"\W{1,2}\d", passage, re.I):
            return True
    return False


def _require_labels(claim: PreparedClaim, source: PreparedSource, result: SourceCheck, best: Context) -> SourceCheck:
    """A supported claim must also name what the source names: "Rule 351" is not backed by "Rule 153"."""
    if result.verdict != SUPPORTED or not claim.labels:
        return result
    ev = result.evidence
    span = (ev.start, ev.end) if ev else source.norm.span(best.start, best.end)
    passage = source.norm.original[span[0]:span[1]]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", passage))
    missing = [n for n in claim.labels if n not in numbers and _labelled_otherwise(claim.norm.text, n, passage)]
    if not missing:
        return result
    # With figures, the rest of the claim stands; without, the name was the claim's one specific.
    verdict = PARTIAL if claim.figures else UNSUPPORTED
    return replace(result, verdict=verdict, score=round(min(result.score, 0.49), 3),
                   reason=f"the passage does not name {', '.join(missing)} as the claim does")
