"""A deterministic synthetic library for the search benchmark.

    from bench.corpus import generate, bench_queries
    for item in generate(10_000): ...

Each resource has a title, an abstract, tags (topics, sectors, a content type), countries,
a year, publishers, authors, a language and about 3,000 words of document text over 10
pages. Words follow a Zipf-like law (a few very common words, a long tail of rare ones),
with the field's own terms ("forced labour", "recruitment fees", country names) mixed in
at realistic ranks, and each document mentions its own topics and countries more often.

The same count and seed always give the same library, word for word, on any machine:
every resource is drawn from its own `random.Random(f"{seed}:{number}")`.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

PAGES = 10
WORDS_PER_PAGE = 300
SENTENCE_WORDS = 16
VOCABULARY_SIZE = 40_000
ZIPF_EXPONENT = 1.07


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The most frequent English words, in rough frequency order.
FUNCTION_WORDS = _words(
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would more when "
    "if no out so what up said about into than them can only other new some could time these "
    "two may then do first any my now such like our over man me even most made after also did "
    "many before must through back years where much your way well down should because each "
    "just those people how too little state good very make world still own see men work long "
    "get here between both life being under never day same another"
)

# The field's vocabulary; multi-word terms stay together so phrase queries find them.
DOMAIN_TERMS = (
    "forced labour",
    "human trafficking",
    "modern slavery",
    "supply chain",
    "due diligence",
    "debt bondage",
    "child labour",
    "recruitment fees",
    "migrant workers",
    "domestic servitude",
    "sexual exploitation",
    "forced marriage",
    "workers",
    "labour",
    "recruitment",
    "wages",
    "passport",
    "confiscation",
    "remediation",
    "audit",
    "suppliers",
    "brands",
    "garment",
    "seafood",
    "fishing",
    "vessels",
    "cocoa",
    "cotton",
    "bricks",
    "kilns",
    "mining",
    "construction",
    "agriculture",
    "plantation",
    "factory",
    "brokers",
    "smuggling",
    "exploitation",
    "victims",
    "survivors",
    "prosecution",
    "legislation",
    "enforcement",
    "inspection",
    "grievance",
    "mechanism",
    "trafficked",
    "trafficking",
    "traffickers",
    "servitude",
    "coercion",
    "deception",
    "withholding",
    "overtime",
    "dormitory",
    "subcontractor",
    "procurement",
    "disclosure",
    "transparency",
    "statement",
    "reporting",
    "indicators",
    "prevalence",
    "estimate",
    "survey",
    "interviews",
    "remedy",
    "compensation",
)

TITLE_PATTERNS = (
    "{a} and {b} in {country}",
    "{a} in the {sector} sector: evidence from {country}",
    "Tackling {a} in {country}'s {sector} supply chains",
    "{a}: a guide for {sector} businesses",
    "Measuring {a} and {b}",
    "{country}: {a}, {b} and the law",
)

COUNTRIES = (
    ("TH", "Thailand"),
    ("MY", "Malaysia"),
    ("IN", "India"),
    ("BD", "Bangladesh"),
    ("CN", "China"),
    ("KP", "North Korea"),
    ("QA", "Qatar"),
    ("AE", "United Arab Emirates"),
    ("BR", "Brazil"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("NG", "Nigeria"),
    ("GH", "Ghana"),
    ("CI", "Côte d'Ivoire"),
    ("UZ", "Uzbekistan"),
    ("TM", "Turkmenistan"),
    ("PK", "Pakistan"),
    ("NP", "Nepal"),
    ("PH", "Philippines"),
    ("ID", "Indonesia"),
    ("VN", "Viet Nam"),
    ("MM", "Myanmar"),
    ("KH", "Cambodia"),
    ("ET", "Ethiopia"),
    ("KE", "Kenya"),
    ("MR", "Mauritania"),
    ("LY", "Libya"),
    ("IT", "Italy"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("MX", "Mexico"),
    ("PE", "Peru"),
    ("AU", "Australia"),
    ("SA", "Saudi Arabia"),
    ("LB", "Lebanon"),
    ("TR", "Türkiye"),
    ("RU", "Russia"),
)

TYPES = ("publications", "news-analysis", "guidance", "online-tools", "good-practices")
TOPICS = (
    "forced-labour",
    "child-labour",
    "human-trafficking",
    "sexual-exploitation",
    "forced-marriage",
    "debt-bondage",
    "domestic-servitude",
    "recruitment-fees",
    "supply-chain-due-diligence",
    "victim-support",
)
SECTORS = (
    "agriculture",
    "fishing-and-seafood",
    "electronics",
    "garments-and-textiles",
    "construction",
    "mining",
    "hospitality",
    "domestic-work",
    "finance",
    "manufacturing",
)
LANGUAGES = ("en",) * 17 + ("fr", "es", "pt")
FIRST_NAMES = ("Amina", "Ben", "Chen", "Dara", "Elif", "Farah", "Gita", "Hugo", "Ines", "Jon")
LAST_NAMES = ("Okafor", "Silva", "Nguyen", "Haddad", "Kumar", "Moreau", "Schmidt", "Sato")
PUBLISHER_STEMS = ("Institute", "Foundation", "Centre", "Alliance", "Network", "Observatory")
PUBLISHER_SUBJECTS = (
    "Labour Rights",
    "Migration",
    "Supply Chain Ethics",
    "Human Rights",
    "Fair Work",
    "Anti-Slavery Research",
    "Worker Voice",
    "Ethical Trade",
)
PUBLISHERS = tuple(
    f"{stem} for {subject}" for stem in PUBLISHER_STEMS for subject in PUBLISHER_SUBJECTS
)
SYLLABLES = _words(
    "ka ri to mo na le su vi ba de go lu pe zo fa ni ra te mi so ku ve da lo ha ne bu si tra "
    "pro con ver mor lin dal gen tor sel vad mar ben qua"
)


@dataclass(frozen=True)
class SyntheticResource:
    number: int
    title: str
    abstract: str
    types: tuple[str, ...]
    topics: tuple[str, ...]
    sectors: tuple[str, ...]
    countries: tuple[str, ...]  # ISO alpha-2
    year: int
    publishers: tuple[str, ...]
    authors: tuple[str, ...]
    language: str
    pages: tuple[str, ...] = field(repr=False)

    @property
    def slug(self) -> str:
        return f"synthetic-{self.number}"

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # common, rare, and, phrase, prefix, filtered
    text: str
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The words, most frequent first, and their cumulative Zipf weights."""
    rng = random.Random("vocabulary")
    invented: list[str] = []
    seen = set(FUNCTION_WORDS)
    while len(invented) < VOCABULARY_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            invented.append(word)
    words = list(FUNCTION_WORDS) + invented
    # The field's terms are common, but well below "the" and "of": ranks 150 to ~800.
    for offset, term in enumerate(DOMAIN_TERMS):
        words.insert(150 + offset * 9, term)
    for offset, (_, name) in enumerate(COUNTRIES):
        words.insert(400 + offset * 40, name)
    words = words[:VOCABULARY_SIZE]
    weights = [1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)]
    return tuple(words), tuple(itertools.accumulate(weights))


def rare_words(count: int, seed: int = 0) -> list[str]:
    """Words from the long tail (ranks 5,000 to 30,000), for rare-term queries."""
    words, _ = vocabulary()
    rng = random.Random(f"rare:{seed}")
    tail = [word for word in words[5_000:30_000] if " " not in word]
    return rng.sample(tail, count)


def _page(rng: random.Random, extra: list[str]) -> str:
    words, cumulative = vocabulary()
    drawn = rng.choices(words, cum_weights=cumulative, k=WORDS_PER_PAGE)
    for term in extra:  # this document's own subjects, spread over its pages
        drawn[rng.randrange(WORDS_PER_PAGE)] = term
    sentences = [
        " ".join(drawn[start : start + SENTENCE_WORDS]).capitalize() + "."
        for start in range(0, WORDS_PER_PAGE, SENTENCE_WORDS)
    ]
    return " ".join(sentences)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def resource(number: int, seed: int = 0) -> SyntheticResource:
    """Resource `number` of the library drawn with `seed`: always the same one."""
    rng = random.Random(f"{seed}:{number}")
    countries = rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2, 3)))
    topics = rng.sample(TOPICS, rng.choice((1, 2, 2, 3)))
    sectors = rng.sample(SECTORS, rng.choice((0, 1, 1, 2)))
    subject_terms = [rng.choice(DOMAIN_TERMS) for _ in range(2)]
    sector_word = sectors[0].split("-")[0] if sectors else "garment"
    title = rng.choice(TITLE_PATTERNS).format(
        a=subject_terms[0], b=subject_terms[1], country=countries[0][1], sector=sector_word
    )
    title = title[0].upper() + title[1:]
    own_terms = [name for _, name in countries] + [t.replace("-", " ") for t in topics]
    pages = tuple(
        _page(rng, [rng.choice(own_terms) for _ in range(rng.randint(0, 3))]) for _ in range(PAGES)
    )
    words, cumulative = vocabulary()
    abstract_words = rng.choices(words, cum_weights=cumulative, k=50)
    abstract = (
        f"This report examines {subject_terms[0]} in {countries[0][1]}. "
        + " ".join(abstract_words).capitalize()
        + "."
    )
    return SyntheticResource(
        number=number,
        title=title,
        abstract=abstract,
        types=(rng.choice(TYPES),),
        topics=tuple(topics),
        sectors=tuple(sectors),
        countries=tuple(code for code, _ in countries),
        year=2000 + min(24, int(rng.triangular(0, 25, 22))),
        publishers=tuple(rng.sample(PUBLISHERS, rng.choice((1, 1, 1, 2)))),
        authors=tuple(_name(rng) for _ in range(rng.randint(0, 3))),
        language=rng.choice(LANGUAGES),
        pages=pages,
    )


def generate(count: int, seed: int = 0, start: int = 1) -> Iterator[SyntheticResource]:
    for number in range(start, start + count):
        yield resource(number, seed)


def bench_queries(count: int = 200, seed: int = 0) -> list[BenchQuery]:
    """A fixed mix of queries: common and rare terms, AND, phrases, prefixes, filters."""
    rng = random.Random(f"queries:{seed}")
    single = [term for term in DOMAIN_TERMS if " " not in term]
    phrases = [term for term in DOMAIN_TERMS if " " in term]
    names = [name for _, name in COUNTRIES if " " not in name and "'" not in name]
    rare = rare_words(count, seed)
    makers = {
        "common": lambda: BenchQuery("common", rng.choice(single)),
        "rare": lambda: BenchQuery("rare", rare.pop()),
        "and": lambda: BenchQuery("and", f"{rng.choice(single)} {rng.choice(names)}"),
        "phrase": lambda: BenchQuery("phrase", f'"{rng.choice(phrases)}"'),
        "prefix": lambda: BenchQuery("prefix", rng.choice(single)[:5] + "*"),
        "filtered": lambda: _filtered(rng, single),
    }
    kinds = list(makers)
    return [makers[kinds[index % len(kinds)]]() for index in range(count)]


def _filtered(rng: random.Random, single: list[str]) -> BenchQuery:
    text = rng.choice(single)
    choice = rng.randrange(3)
    if choice == 0:
        return BenchQuery("filtered", text, {"country": (rng.choice(COUNTRIES)[0],)})
    if choice == 1:
        return BenchQuery("filtered", text, {"type": (rng.choice(TYPES),)}, year_from=2015)
    topics = tuple(rng.sample(TOPICS, 2))
    return BenchQuery("filtered", text, {"topic": topics, "sector": (rng.choice(SECTORS),)})


def fts5_expression(query: BenchQuery) -> str:
    """The query as bare FTS5 syntax (the baseline's MATCH argument); filters are dropped."""
    if query.kind == "phrase" or query.kind == "prefix":
        return query.text
    return " ".join(f'"{word}"' for word in query.text.split())


__all__ = [
    "BenchQuery",
    "SyntheticResource",
    "bench_queries",
    "fts5_expression",
    "generate",
    "resource",
    "vocabulary",
]
