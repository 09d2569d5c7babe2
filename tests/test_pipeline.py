"""The run judges each claim as soon as its sources are in, whatever order they arrive in."""

from citecheck.model import Claim, Source
from citecheck.pipeline import check_claims


def test_claims_are_judged_as_their_sources_arrive_in_any_order():
    from citecheck.pipeline import judge_as_fetched

    a, b = "https://a.example/x", "https://b.example/y"
    pages = {a: Source(a, text="The survey counted 4,512 nesting pairs of puffins in 2019."),
             b: Source(b, text="Volunteers ringed 310 puffin chicks.")}
    claims = [Claim("1", "The survey counted 4,512 nesting pairs of puffins.", (a,)),
              Claim("2", "Volunteers ringed 310 puffin chicks and counted 4,512 pairs.", (a, b)),
              Claim("3", "Nothing cited.", ()), Claim("4", "Volunteers ringed 310 chicks.", (b, "https://gone.example/"))]
    forward = judge_as_fetched(claims, list(pages.items()))
    backward = judge_as_fetched(claims, list(reversed(pages.items())))
    assert [v.verdict for v in forward] == [v.verdict for v in backward] == \
        ["supported", "partial", "unsourced", "supported"]
    assert forward == check_claims(claims, {**pages, "https://gone.example/": Source("https://gone.example/",
                                                                                     reason="source not loaded")})
