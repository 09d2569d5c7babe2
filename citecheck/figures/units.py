"""Units a figure can carry: currencies, scale words and units of measure.

Money keeps an ISO-like currency code ("USD", "EUR"); a measured count keeps a short unit symbol
("km", "kg", "day"). Units of one dimension convert exactly ("1.7 km" is "1,700 m", "two weeks" is
"14 days"); months and years are kept apart from days because they do not convert exactly.
"""

from __future__ import annotations

import re

from citecheck.figures.words import top_alternatives

# ---------------------------------------------------------------------------------------- money

# Written before the number: "$975m", "US$5 million", "EUR 5m", "Rs 500 crore".
CURRENCY_PREFIX_RE = re.compile(
    r"(?:(?P<sym>US\s?\$|U\.S\.\s?\$|A\$|AU\$|AUD\$|C\$|CA\$|CAD\$|NZ\$|HK\$|S\$|R\$|MX\$|NT\$|\$|€|£|¥|₹|₩|₦|₽|₺|₱|₪)"
    r"|(?P<code>\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|NZD|HKD|SGD|CHF|KRW|SEK|NOK|DKK|ZAR|NGN|BRL|MXN|RUB|TRY|"
    r"PHP|ILS|PKR|KES|EGP|IDR|THB|Rs\.?|Rp\.?))\s?)\s?$"
)
SYMBOLS = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "A$": "AUD", "AU$": "AUD", "AUD$": "AUD", "C$": "CAD",
    "CA$": "CAD", "CAD$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN",
    "NT$": "TWD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₦": "NGN", "₽": "RUB",
    "₺": "TRY", "₱": "PHP", "₪": "ILS", "RMB": "CNY", "Rs": "INR", "Rs.": "INR", "Rp": "IDR", "Rp.": "IDR",
}


# Speed: a match ends with a symbol, or a code (in capitals, or "Rs"/"Rp" with or without a dot), then at most
# two spaces; the search, which tries each place of the window, is worth it only when the window ends so.
_PREFIX_LAST_CHARS = frozenset("$€£¥₹₩₦₽₺₱₪")


def search_currency_prefix(before: str) -> re.Match | None:
    """CURRENCY_PREFIX_RE.search(before), the same match, faster."""
    tail = before.rstrip()
    last = tail[-1:]
    if not ("A" <= last <= "Z" or last in _PREFIX_LAST_CHARS):
        # A lower-case "s" or "p", or a dot, ends a code only in "Rs", "Rp", "Rs." or "Rp." (case counts):
        # "was 5" and "up 5" are not searched.
        if not (last in ("s", "p") and tail[-2:-1] == "R" or last == "." and tail[-3:-1] in ("Rs", "Rp")):
            return None
    return CURRENCY_PREFIX_RE.search(before)


def currency_of_prefix(m: re.Match) -> str:
    sym = m.group("sym")
    if sym:
        # Speed: a symbol written without spaces ("$", "US$"), most of them, is a key as it stands (no key holds a
        # space); else its spaces go ("US $"): str.split() splits at the characters "\s" matches in a str pattern.
        found = SYMBOLS.get(sym)
        return found if found is not None else SYMBOLS.get("".join(sym.split()), "USD")
    code = (m.group("code") or "").strip()
    return SYMBOLS.get(code, code.upper())


# Written after the number (and its scale word): "5 million dollars", "3bn euros", "500 crore rupees".
_SUFFIX_ADJECTIVES = (r"US|U\.S\.|American|Australian|Canadian|Hong\s+Kong|New\s+Zealand|Singapore|Taiwan|"
                      r"Swiss|Japanese|Chinese|Indian|Mexican|Russian|South\s+African|Swedish|Norwegian|Danish|Turkish|"
                      r"Brazilian|Philippine|Nigerian|Egyptian|British")
_SUFFIX_WORDS = (r"dollars?|euros?|pounds?\s+sterling|sterling|pounds?|yen|yuan|renminbi|rupees?|francs?|"
                 r"rubles?|roubles?|pesos?|reais|real|rand|naira|kronor|krona|kroner|krone|lira|liras|won|shillings?|"
                 r"dirhams?|riyals?|ringgit|baht|rupiah")
_SUFFIX_CODES = (r"USD|EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|NZD|HKD|SGD|CHF|KRW|SEK|NOK|DKK|ZAR|NGN|BRL|MXN|RUB|TRY|"
                 r"PHP|ILS|PKR|KES|EGP|IDR|THB")
_CURRENCY_SUFFIX = (
    r"\s?(?:(?:(?P<adj>{adj})\s+)?"
    r"(?P<word>{word})"
    r"|(?P<code>{code}))\b"
    # A symbol after the number, as much of Europe writes it: "15€", "40 €".
    r"|\s?(?P<sym>€|£)"
)
CURRENCY_SUFFIX_RE = re.compile(_CURRENCY_SUFFIX.format(adj=_SUFFIX_ADJECTIVES, word=_SUFFIX_WORDS, code=_SUFFIX_CODES),
                                re.I)


def _by_first_two(patterns: str) -> dict[str, list[str]]:
    """The alternatives of `patterns` by their first two characters in lower case ("U\\.S\\." under "u.")."""
    out: dict[str, list[str]] = {}
    for alt in top_alternatives(patterns):
        two = alt.replace("\\.", ".")[:2]
        if not all(c.isalpha() or c == "." for c in two) or alt.replace("\\.", ".")[2:3] in ("?", "*", "{"):
            raise ValueError(f"currency pattern {alt!r} must open with two plain characters")
        out.setdefault(two.lower(), []).append(alt)
    return out


_ADJECTIVES_BY_TWO = _by_first_two(_SUFFIX_ADJECTIVES)
_WORDS_BY_TWO = _by_first_two(_SUFFIX_WORDS)
_CODES_BY_TWO = _by_first_two(_SUFFIX_CODES)
_CURRENCY_SUFFIX_STARTS = frozenset(_ADJECTIVES_BY_TWO) | frozenset(_WORDS_BY_TWO) | frozenset(_CODES_BY_TWO)
_CURRENCY_SUFFIX_BY_TWO: dict[str, re.Pattern] = {}


def _currency_suffix_for(two: str) -> re.Pattern:
    """CURRENCY_SUFFIX_RE with only the alternatives that open with `two` (lower case, ASCII), its groups
    kept, in their order: after an adjective any currency word may come; a list left empty never matches."""
    rx = _CURRENCY_SUFFIX_BY_TWO.get(two)
    if rx is None:
        adj = "|".join(_ADJECTIVES_BY_TWO.get(two, ())) or "(?!)"
        word = _SUFFIX_WORDS if two in _ADJECTIVES_BY_TWO else "|".join(_WORDS_BY_TWO.get(two, ())) or "(?!)"
        code = "|".join(_CODES_BY_TWO.get(two, ())) or "(?!)"
        rx = _CURRENCY_SUFFIX_BY_TWO[two] = re.compile(_CURRENCY_SUFFIX.format(adj=adj, word=word, code=code), re.I)
    return rx


def match_currency_suffix(rest: str) -> re.Match | None:
    """CURRENCY_SUFFIX_RE.match(rest), the same match, faster: most words after a number ("people", "in")
    share no first two letters with a currency word, an adjective before one or a code, and the engine
    would try each of the ninety in turn to find that out; those that do ("in", "the", "new") are tried
    with the few alternatives that open as they do (`_currency_suffix_for`)."""
    i = 1 if rest[:1].isspace() else 0  # the pattern's one optional space
    two = rest[i:i + 2]
    if not two.isascii():
        return CURRENCY_SUFFIX_RE.match(rest)  # (a letter that matches an ASCII one under re.I: "ſ" is "s")
    two = two.lower()
    if two not in _CURRENCY_SUFFIX_STARTS:
        return None
    return _currency_suffix_for(two).match(rest)


_WORD_CURRENCY = {
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "sterling": "GBP", "pound": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "franc": "CHF", "ruble": "RUB", "rouble": "RUB",
    "peso": "MXN", "reais": "BRL", "real": "BRL", "rand": "ZAR", "naira": "NGN", "kronor": "SEK",
    "krona": "SEK", "kroner": "NOK", "krone": "NOK", "lira": "TRY", "liras": "TRY", "won": "KRW",
    "shilling": "KES", "dirham": "AED", "riyal": "SAR", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR",
}
_ADJ_DOLLAR = {"us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
               "hong kong": "HKD", "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD"}
_ADJ_OTHER = {"swiss": "CHF", "japanese": "JPY", "chinese": "CNY", "indian": "INR", "mexican": "MXN",
              "russian": "RUB", "south african": "ZAR", "swedish": "SEK", "norwegian": "NOK", "danish": "DKK",
              "turkish": "TRY", "brazilian": "BRL", "philippine": "PHP", "nigerian": "NGN", "egyptian": "EGP",
              "british": "GBP"}
# Words that are a currency only when the figure is plainly an amount of money: "200 pounds" may be
# a weight and "he won 3" is a verb, but "5 million pounds" and "3 billion won" are money.
AMBIGUOUS_CURRENCY = {"pound", "won", "real", "rand", "franc", "peso", "lira", "shilling"}


def currency_of_suffix(m: re.Match) -> tuple[str, str]:
    """(currency code, the currency word in the singular) of a CURRENCY_SUFFIX_RE match."""
    if m.group("sym"):
        return SYMBOLS[m.group("sym")], ""
    if m.group("code"):
        code = m.group("code").upper()
        return SYMBOLS.get(code, code), ""
    word = re.sub(r"\s+", " ", m.group("word").lower())
    adj = re.sub(r"\s+", " ", (m.group("adj") or "").lower())
    single = word if word in _WORD_CURRENCY else word.rstrip("s")
    if single.startswith("pound") and "sterling" in single:
        single = "pound sterling"
    code = _WORD_CURRENCY.get(single, _WORD_CURRENCY.get(word, ""))
    if single == "dollar" and adj:
        code = _ADJ_DOLLAR.get(adj, "USD")
    elif adj in _ADJ_OTHER and single in ("franc", "krona", "krone", "kronor", "kroner", "pound", "rand",
                                           "peso", "real", "reais", "lira", "yen", "yuan", "naira", "rupee"):
        code = _ADJ_OTHER[adj] if single not in ("pound",) or adj == "british" else code
    return code, single


# ---------------------------------------------------------------------------------------- scale

SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "mln": 1e6,
               "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
               "crore": 1e7, "crores": 1e7, "k": 1e3, "m": 1e6, "b": 1e9}
# After a space: "2.6 million", "1.2 bn", "500 crore". Single letters only when glued ("80k").
SCALE_RE = re.compile(r"\s?(?P<w>thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn|lakhs?|crores?)\b", re.I)


def match_scale(rest: str) -> re.Match | None:
    """SCALE_RE.match(rest), tried only where a scale word's first letter stands (after one space)."""
    first = rest[1:2] if rest[:1].isspace() else rest[:1]
    return SCALE_RE.match(rest) if first in _SCALE_FIRST_LETTERS else None


_SCALE_FIRST_LETTERS = frozenset("tmblcTMBLC")  # no other letter matches these under re.IGNORECASE

# ---------------------------------------------------------------------------------------- measure

# canonical unit -> (dimension, factor to the dimension's base unit)
MEASURES: dict[str, tuple[str, float]] = {
    "mm": ("length", 1e-3), "cm": ("length", 1e-2), "m": ("length", 1.0), "km": ("length", 1e3),
    "in": ("length_us", 1 / 12), "ft": ("length_us", 1.0), "yd": ("length_us", 3.0), "mi": ("length_us", 5280.0),
    "nmi": ("nautical", 1.0),
    "mg": ("mass", 1e-3), "g": ("mass", 1.0), "kg": ("mass", 1e3), "t": ("mass", 1e6), "µg": ("mass", 1e-6),
    "lb": ("mass_us", 1.0), "oz": ("mass_us", 1 / 16), "ton": ("mass_us", 2000.0),
    "ml": ("volume", 1e-3), "l": ("volume", 1.0), "m3": ("volume", 1e3), "gal": ("volume_us", 1.0),
    "bbl": ("barrel", 1.0),
    "mm2": ("area", 1e-6), "m2": ("area", 1.0), "ha": ("area", 1e4), "km2": ("area", 1e6),
    "acre": ("area_us", 1.0), "sq mi": ("area_us", 640.0), "sq ft": ("area_us", 1 / 43560),
    "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0), "day": ("time", 86400.0),
    "week": ("time", 604800.0),
    "month": ("calendar", 1.0), "year": ("calendar", 12.0), "decade": ("calendar", 120.0),
    "century": ("calendar", 1200.0),
    "km/h": ("speed", 1.0), "mph": ("speed_us", 1.0), "knot": ("knot", 1.0), "m/s": ("speed", 3.6),
    "W": ("power", 1.0), "kW": ("power", 1e3), "MW": ("power", 1e6), "GW": ("power", 1e9), "TW": ("power", 1e12),
    "Wh": ("energy", 1.0), "kWh": ("energy", 1e3), "MWh": ("energy", 1e6), "GWh": ("energy", 1e9),
    "TWh": ("energy", 1e12),
    "°C": ("celsius", 1.0), "°F": ("fahrenheit", 1.0), "degree": ("degree", 1.0),
    "KB": ("data", 1e3), "MB": ("data", 1e6), "GB": ("data", 1e9), "TB": ("data", 1e12),
    "mAh": ("charge", 1.0), "V": ("voltage", 1.0), "kV": ("voltage", 1e3),
    "ppm": ("ratio", 1.0), "ppb": ("ratio", 1e-3),
}

# Spelled units: case-insensitive, matched after the number (and a space or hyphen).
_WORD_UNITS = [
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s?km|km2|km²", "km2"),
    (r"square\s+met(?:re|er)s?|sq\.?\s?m\b|m2|m²", "m2"),
    (r"square\s+miles?|sq\.?\s?mi(?:les?)?", "sq mi"),
    (r"square\s+(?:feet|foot)|sq\.?\s?ft", "sq ft"),
    (r"cubic\s+met(?:re|er)s?|m3|m³", "m3"),
    (r"kilomet(?:re|er)s?\s+(?:per|an|a)\s+hour|km/h|kph|kmh", "km/h"),
    (r"miles?\s+(?:per|an|a)\s+hour|mph", "mph"),
    (r"met(?:re|er)s?\s+per\s+second|m/s", "m/s"),
    (r"nautical\s+miles?", "nmi"),
    (r"millimet(?:re|er)s?|mm", "mm"), (r"centimet(?:re|er)s?|cm", "cm"), (r"kilomet(?:re|er)s?|kms?", "km"),
    (r"met(?:re|er)s?", "m"), (r"inch(?:es)?", "in"), (r"feet|foot|ft", "ft"), (r"yards?|yds?", "yd"),
    (r"miles?|mi", "mi"),
    (r"milligrams?|mg", "mg"), (r"micrograms?|mcg|µg|μg", "µg"), (r"kilograms?|kilos?|kg", "kg"),
    (r"grams?|grammes?", "g"), (r"tonnes?|metric\s+tons?", "t"), (r"tons?", "ton"), (r"pounds?|lbs?", "lb"),
    (r"ounces?|oz", "oz"),
    (r"millilit(?:re|er)s?|ml", "ml"), (r"lit(?:re|er)s?", "l"), (r"gallons?|gal", "gal"),
    (r"barrels?|bbl", "bbl"),
    (r"hectares?|ha", "ha"), (r"acres?", "acre"),
    (r"seconds?|secs?", "s"), (r"minutes?|mins?", "min"), (r"hours?|hrs?", "h"), (r"days?", "day"),
    (r"weeks?|wks?", "week"), (r"months?|mos?\.", "month"), (r"years?|yrs?", "year"), (r"decades?", "decade"),
    (r"centuries|century", "century"), (r"knots?", "knot"),
    (r"watts?", "W"), (r"kilowatts?", "kW"), (r"megawatts?", "MW"), (r"gigawatts?", "GW"), (r"terawatts?", "TW"),
    (r"kilowatt[\s-]hours?", "kWh"), (r"megawatt[\s-]hours?", "MWh"), (r"gigawatt[\s-]hours?", "GWh"),
    (r"terawatt[\s-]hours?", "TWh"),
    (r"degrees?\s+(?:celsius|centigrade)|°\s?C|℃", "°C"), (r"degrees?\s+fahrenheit|°\s?F|℉", "°F"),
    (r"degrees?", "degree"),
    (r"kilobytes?", "KB"), (r"megabytes?", "MB"), (r"gigabytes?", "GB"), (r"terabytes?", "TB"),
    (r"parts\s+per\s+million|ppm", "ppm"), (r"parts\s+per\s+billion|ppb", "ppb"),
    (r"volts?", "V"), (r"kilovolts?", "kV"),
]

_word_alt = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_WORD_UNITS))
# The unit after a number: "5 km", "5km", "5-km", "10-year-old", "3 days". The number's reader decides
# whether glued letters are allowed.
MEASURE_WORD_RE = re.compile(rf"(?:\s|-)?(?:{_word_alt})(?![\w°/])", re.I)
# Units whose symbol is case-sensitive: "5 MW" but not "5 mw"; "10 GB" but not "10 gb".
MEASURE_SYMBOL_RE = re.compile(r"(?:\s|-)?(?P<sym>kWh|MWh|GWh|TWh|Wh|kW|MW|GW|TW|KB|MB|GB|TB|mAh|kV)(?![\w/])")
_SYMBOL_FIRST_LETTERS = frozenset("kMGTWKm")


def _by_first_letter() -> dict[str, str]:
    """Speed: MEASURE_WORD_RE with only the alternatives that open with one ASCII letter, for each letter.

    The engine tries the sixty-odd units one after the other at each call, which costs more than all the
    rest of reading a number; a word can only be a unit whose first letter it shares. Each alternative
    keeps its place and its group name, so the match (and `lastgroup`) is the one MEASURE_WORD_RE finds."""
    letters: dict[str, list[str]] = {}
    for i, (pattern, _) in enumerate(_WORD_UNITS):
        for alt in top_alternatives(pattern):
            first = alt[0]
            if first in "\\([.^$|" or alt[1:2] in ("?", "*", "{"):
                raise ValueError(f"unit pattern {alt!r} must open with a plain character")
            if first.isascii() and first.isalpha():
                letters.setdefault(first.lower(), []).append((i, alt))
    out = {}
    for letter, alts in letters.items():
        groups: dict[int, list[str]] = {}
        for i, alt in alts:
            groups.setdefault(i, []).append(alt)
        body = "|".join(f"(?P<u{i}>{'|'.join(a)})" for i, a in groups.items())
        out[letter] = rf"(?:\s|-)?(?:{body})(?![\w°/])"
    return out


# The pattern of each letter, compiled the first time a word with that letter is read (as the currency
# suffixes are): compiling all of them took 9 ms of every start-up.
_MEASURE_WORD_PATTERNS = _by_first_letter()
_MEASURE_WORD_BY_LETTER: dict[str, re.Pattern] = {}


def match_measure_word(text: str, pos: int = 0) -> re.Match | None:
    """MEASURE_WORD_RE.match(text, pos), the same match, faster (`_by_first_letter`)."""
    # The pattern opens with an optional space or hyphen; every unit opens with a letter or a sign.
    c = text[pos:pos + 1]
    if c.isspace() or c == "-":
        c = text[pos + 1:pos + 2]
    if not c.isascii():
        return MEASURE_WORD_RE.match(text, pos)  # "°C", "µg", and letters that match ASCII ones under re.I
    letter = c.lower()
    rx = _MEASURE_WORD_BY_LETTER.get(letter)
    if rx is None:
        pattern = _MEASURE_WORD_PATTERNS.get(letter)
        if pattern is None:
            return None
        rx = _MEASURE_WORD_BY_LETTER[letter] = re.compile(pattern, re.I)
    return rx.match(text, pos)


def read_measure(rest: str, glued_ok: bool = True) -> tuple[str, int] | None:
    """The unit of measure at the start of `rest` and the length it takes, or None."""
    first = rest[1:2] if rest[:1].isspace() or rest[:1] == "-" else rest[:1]
    m = MEASURE_SYMBOL_RE.match(rest) if first in _SYMBOL_FIRST_LETTERS else None
    if m and (glued_ok or not rest[:1].isalpha()):
        return m.group("sym"), m.end()
    m = match_measure_word(rest)
    if m is None or (not glued_ok and rest[:1].isalpha()):
        return None
    return _WORD_UNITS[int(m.lastgroup[1:])][1], m.end()  # each alternative is the one group "u<i>"


def measure_factor(a: str, b: str) -> float | None:
    """How many `b` make one `a` (1000 for km -> m), or None if the two do not convert."""
    if a == b:
        return 1.0
    da, db = MEASURES.get(a), MEASURES.get(b)
    if da is None or db is None or da[0] != db[0]:
        return None
    return da[1] / db[1]
