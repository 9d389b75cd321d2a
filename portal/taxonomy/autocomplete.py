"""Type-ahead search over the taxonomy's labels, in memory.

Each process builds one index from `ConceptLabel` (released concepts only) on its
first request and keeps it until the taxonomy changes:

- labels are normalised (case folded, accents removed, punctuation to spaces) and
  split into tokens; per language, a posting list maps token → label positions, and
  a sorted vocabulary gives prefix matches with `bisect`;
- a query matches a label when every query word matches one of the label's words:
  exactly, as a prefix (the user is still typing), or — only when a word has no
  prefix match at all — within a small edit distance (rapidfuzz), so typos work;
- a query word also matches a label word it starts with, when that keeps most of it or
  leaves a Dutch suffix: "klantvriendelijkheid" finds "klantvriendelijk" and
  "vrachtwagenchauffeur" finds "vrachtwagen" (a fragment, like a prefix);
- labels such as ESCO's "tuinman/tuinvrouw" are indexed as one label per form;
- ranking: fewer typos first, then whole words before fragments (prefixes, compound
  heads), then preferred or alternative labels that are exactly the typed words
  (hidden labels are misspellings and get no such bonus), then preferred label before
  alternative before hidden, then labels with fewer extra words, then shorter labels.

Invalidation: services bump a version key in Django's cache (`taxonomy_changed`),
read once per request. As a safety net for caches that are not shared between
processes (locmem), a cheap database fingerprint is compared every
`FINGERPRINT_INTERVAL` seconds.
"""

from __future__ import annotations

import heapq
import re
import threading
import time
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import Concept, ConceptLabel, ConceptStatus, LabelKind
from .services import TAXONOMY_VERSION_CACHE_KEY

FALLBACK_LANGUAGE = "nl"
LAST_RESORT_LANGUAGE = "en"
FINGERPRINT_INTERVAL = 60.0
MAX_QUERY_TOKENS = 6
MAX_PREFIX_EXPANSION = 400
MAX_FUZZY_CANDIDATES = 12
KIND_RANK = {LabelKind.PREFERRED: 0, LabelKind.ALTERNATIVE: 1, LabelKind.HIDDEN: 2}
HIDDEN_STATIC = KIND_RANK[LabelKind.HIDDEN] * 10**8

# Small words that say nothing about a skill; dropped from a query unless it has nothing else.
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "in",
        "op",
        "met",
        "aan",
        "voor",
        "te",
        "om",
        "bij",
        "naar",
        "uit",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "with",
        "to",
        "for",
        "at",
        "by",
        "from",
    ]
)
_NON_WORD = re.compile(r"[^0-9a-z]+")
MIN_STEM = 4
# What Dutch adds to a word to make a noun or a plural of it: "klantvriendelijk-heid".
DUTCH_SUFFIXES = frozenset(
    ["heid", "heden", "ing", "ingen", "en", "er", "ers", "s", "e", "te", "ste", "lijk", "baar"]
)


def normalize(text: str) -> str:
    """Lower case, without accents, punctuation turned into spaces: "Crème-brûlée" → "creme brulee"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", stripped.replace("ß", "ss")).strip()


def tokenize(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


def _variants(text: str) -> list[str]:
    """ "tuinman/tuinvrouw" → ["tuinman", "tuinvrouw"]; only single-word forms are split."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) > 1 and all(part and " " not in part for part in parts):
        return parts
    return [text]


def _query_tokens(query: str) -> list[str]:
    tokens = list(dict.fromkeys(tokenize(query)))[:MAX_QUERY_TOKENS]
    meaningful = [token for token in tokens if token not in STOPWORDS]
    return meaningful or tokens


def _max_typos(token: str) -> int:
    if len(token) < 3:
        return 0
    return 1 if len(token) <= 5 else 2


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete answer: a concept and the label text that matched the query."""

    id: int
    uri: str
    type: str
    label: str
    matched: str

    def as_dict(self) -> dict[str, str | int]:
        """The JSON shape of the endpoint."""
        return {
            "uri": self.uri,
            "id": self.id,
            "label": self.label,
            "matched": self.matched,
            "type": self.type,
        }


@dataclass
class _LanguageIndex:
    """The labels of one language, with token postings and a sorted vocabulary."""

    label_concept: list[int] = field(default_factory=list)  # position → concept slot
    label_text: list[str] = field(default_factory=list)
    label_tokens: list[tuple[str, ...]] = field(default_factory=list)
    label_static: list[int] = field(default_factory=list)  # kind, length: the tie-breakers
    postings: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    prefix_lists: dict[int, list[str]] = field(default_factory=dict)

    def add(self, concept_slot: int, kind: str, text: str) -> None:
        # ESCO writes gendered forms as one label, "tuinman/tuinvrouw": each is a label of
        # its own, so "tuinman" is a whole-label match there.
        variants = _variants(text)
        if len(variants) > 1:
            for variant in variants:
                self._add(concept_slot, kind, variant, text)
            return
        self._add(concept_slot, kind, text, text)

    def _add(self, concept_slot: int, kind: str, text: str, shown: str) -> None:
        tokens = tuple(dict.fromkeys(tokenize(text)))
        if not tokens:
            return
        position = len(self.label_text)
        self.label_concept.append(concept_slot)
        self.label_text.append(shown)
        self.label_tokens.append(tokens)
        self.label_static.append(KIND_RANK.get(kind, 2) * 10**8 + min(len(text), 999))
        for token in tokens:
            self.postings.setdefault(token, []).append(position)

    def freeze(self) -> None:
        self.vocabulary = sorted(self.postings)
        self.prefix_lists = {}

    def _prefixes(self, size: int) -> list[str]:
        """The vocabulary cut to `size` characters (same positions), built on first use."""
        prefixes = self.prefix_lists.get(size)
        if prefixes is None:
            prefixes = self.prefix_lists[size] = [word[:size] for word in self.vocabulary]
        return prefixes

    def expand(self, token: str, *, force_fuzzy: bool = False) -> dict[str, int]:
        """Vocabulary words matching a query word → cost (0 exact, 1 prefix, 10 per typo).

        Typo matches are looked for only when the word has no exact or prefix match,
        unless `force_fuzzy`.
        """
        matches: dict[str, int] = {}
        vocabulary = self.vocabulary
        start = bisect_left(vocabulary, token)
        for index in range(start, min(start + MAX_PREFIX_EXPANSION, len(vocabulary))):
            word = vocabulary[index]
            if not word.startswith(token):
                break
            matches[word] = 0 if word == token else 1
        # A word that ends a label word's compound or derivation: "klantvriendelijkheid"
        # finds "klantvriendelijk", "vrachtwagenchauffeur" finds "vrachtwagen" (a fragment).
        for word in self._stems(token):
            matches.setdefault(word, 1)
        if matches and not force_fuzzy:
            return matches
        if _max_typos(token):
            # Typos rarely hit the first letter: look among words that share it first
            # (a slice of the sorted vocabulary), then, if that finds nothing, everywhere.
            first = token[0]
            low = bisect_left(vocabulary, first)
            high = bisect_left(vocabulary, chr(ord(first) + 1))
            self._fuzzy(token, low, high, matches)
            if not matches:
                self._fuzzy(token, 0, len(vocabulary), matches)
        return matches

    def _stems(self, token: str) -> list[str]:
        """Vocabulary words the query word starts with: its stem or a compound's head.

        Only words of at least `MIN_STEM` letters that keep most of the query word, so
        "zorgverlener" finds "zorgverlener" and "zorg", never "zo".
        """
        found = []
        for size in range(len(token) - 1, MIN_STEM - 1, -1):
            head = token[:size]
            if head in self.postings and (
                size * 10 >= len(token) * 6 or token[size:] in DUTCH_SUFFIXES
            ):
                found.append(head)
        return found

    def _fuzzy(self, token: str, low: int, high: int, matches: dict[str, int]) -> None:
        """Words of vocabulary[low:high] within a few edits of `token` (or of their start)."""
        vocabulary = self.vocabulary
        for _word, distance, index in process.extract(
            token,
            vocabulary[low:high],
            scorer=Levenshtein.distance,
            score_cutoff=_max_typos(token),
            limit=MAX_FUZZY_CANDIDATES,
        ):
            matches.setdefault(vocabulary[low + index], 10 * distance)
        if len(token) >= 4:
            # A typo in a word still being typed: compare with the start of longer words.
            for _start, distance, index in process.extract(
                token,
                self._prefixes(len(token))[low:high],
                scorer=Levenshtein.distance,
                score_cutoff=1,
                limit=MAX_FUZZY_CANDIDATES,
            ):
                matches.setdefault(vocabulary[low + index], 10 * distance + 1)

    def search(
        self,
        tokens: Sequence[str],
        *,
        allowed: Iterable[int] | None,
        force_fuzzy: bool = False,
    ) -> dict[int, tuple[int, int]]:
        """Concept slot → (rank key, label position) of its best matching label."""
        expansions = [self.expand(token, force_fuzzy=force_fuzzy) for token in tokens]
        return self._match(tokens, expansions, allowed)

    def _match(
        self,
        tokens: Sequence[str],
        expansions: list[dict[str, int]],
        allowed: Iterable[int] | None,
    ) -> dict[int, tuple[int, int]]:
        if not all(expansions):
            return {}
        # Start from the query word with the fewest candidate labels.
        sizes = [sum(len(self.postings[word]) for word in words) for words in expansions]
        order = sorted(range(len(tokens)), key=sizes.__getitem__)
        first, rest = expansions[order[0]], [expansions[i] for i in order[1:]]
        candidates: dict[int, int] = {}
        for word, cost in first.items():
            for position in self.postings[word]:
                previous = candidates.get(position)
                if previous is None or cost < previous:
                    candidates[position] = cost
        allowed_slots = set(allowed) if allowed is not None else None
        label_concept, label_tokens, label_static = (
            self.label_concept,
            self.label_tokens,
            self.label_static,
        )
        best: dict[int, tuple[int, int]] = {}
        query_size = len(tokens)
        for position, cost in candidates.items():
            slot = label_concept[position]
            if allowed_slots is not None and slot not in allowed_slots:
                continue
            words = label_tokens[position]
            total = cost
            for other in rest:
                word_costs = [other[word] for word in words if word in other]
                if not word_costs:
                    break
                total += min(word_costs)
            else:
                typos, prefixes = divmod(total, 10)
                extra_words = max(len(words) - query_size, 0)
                # Whole words before fragments (a prefix, a compound's head); then a
                # preferred or alternative label that is exactly what was typed (a hidden
                # label never: it is a misspelling, often on an unrelated concept); then
                # preferred before alternative before hidden; then fewer extra words;
                # then shorter labels.
                static = label_static[position]
                exact = prefixes == 0 and extra_words == 0 and static < HIDDEN_STATIC
                key = (
                    typos * 10**11
                    + min(prefixes, 9) * 10**10
                    + (0 if exact else 10**9)
                    + static
                    + min(extra_words, 9) * 10**4
                )
                if words[0].startswith(tokens[0]):
                    key -= 10**4 // 2  # the label starts with what the user typed first
                current = best.get(slot)
                if current is None or key < current[0]:
                    best[slot] = (key, position)
        return best


@dataclass
class TaxonomyIndex:
    """The in-memory autocomplete index of one process."""

    version: str
    fingerprint: tuple
    concept_ids: list[int] = field(default_factory=list)
    concept_uris: list[str] = field(default_factory=list)
    concept_types: list[str] = field(default_factory=list)
    concept_labels: list[dict[str, str]] = field(default_factory=list)
    slots_by_type: dict[str, list[int]] = field(default_factory=dict)
    languages: dict[str, _LanguageIndex] = field(default_factory=dict)
    checked_at: float = 0.0

    @classmethod
    def build(cls, *, version: str) -> TaxonomyIndex:
        """Read every label of every released concept (two queries) into a new index."""
        index = cls(version=version, fingerprint=_fingerprint(), checked_at=time.monotonic())
        slots: dict[int, int] = {}
        concepts = Concept.objects.filter(status=ConceptStatus.RELEASED).values_list(
            "id", "uri", "concept_type", "preferred_labels"
        )
        for concept_id, uri, concept_type, preferred in concepts.iterator(chunk_size=5000):
            slots[concept_id] = len(index.concept_ids)
            index.slots_by_type.setdefault(concept_type, []).append(len(index.concept_ids))
            index.concept_ids.append(concept_id)
            index.concept_uris.append(uri)
            index.concept_types.append(concept_type)
            index.concept_labels.append(preferred or {})
        labels = (
            ConceptLabel.objects.filter(concept__status=ConceptStatus.RELEASED)
            .order_by("concept_id", "kind", "id")
            .values_list("concept_id", "language", "kind", "text")
        )
        for concept_id, language, kind, text in labels.iterator(chunk_size=10000):
            slot = slots.get(concept_id)
            if slot is None:
                continue
            language = language[:2].lower()
            per_language = index.languages.get(language)
            if per_language is None:
                per_language = index.languages[language] = _LanguageIndex()
            per_language.add(slot, kind, text)
        for per_language in index.languages.values():
            per_language.freeze()
        return index

    def _label(self, slot: int, language: str) -> str:
        labels = self.concept_labels[slot]
        return (
            labels.get(language)
            or labels.get(FALLBACK_LANGUAGE)
            or labels.get("en")
            or next(iter(labels.values()), self.concept_uris[slot])
        )

    def search(
        self,
        query: str,
        *,
        language: str = FALLBACK_LANGUAGE,
        types: Sequence[str] | None = None,
        limit: int = 10,
    ) -> list[Suggestion]:
        """Concepts whose labels match `query`, best first (see the module docstring)."""
        tokens = _query_tokens(query)
        if not tokens or limit <= 0 or sum(map(len, tokens)) < 2:
            return []
        language = (language or FALLBACK_LANGUAGE)[:2].lower()
        allowed: list[int] | None = None
        if types:
            allowed = [slot for kind in set(types) for slot in self.slots_by_type.get(kind, [])]
            if not allowed:
                return []
        # The user's language first, then Dutch for what is still missing; English
        # last, for people who type the English word for a job ("forklift").
        searched = list(dict.fromkeys([language, FALLBACK_LANGUAGE, LAST_RESORT_LANGUAGE]))
        results: list[Suggestion] = []
        seen: set[int] = set()
        for code in searched:
            per_language = self.languages.get(code)
            if per_language is None:
                continue
            best = per_language.search(tokens, allowed=allowed)
            if not best:
                # A word with prefix matches may still be a typo of another word.
                best = per_language.search(tokens, allowed=allowed, force_fuzzy=True)
            ranked = heapq.nsmallest(
                limit + len(seen), best.items(), key=lambda item: (item[1][0], item[0])
            )
            for slot, (_key, position) in ranked:
                if slot in seen:
                    continue
                seen.add(slot)
                results.append(
                    Suggestion(
                        id=self.concept_ids[slot],
                        uri=self.concept_uris[slot],
                        type=self.concept_types[slot],
                        label=self._label(slot, language),
                        matched=per_language.label_text[position],
                    )
                )
                if len(results) >= limit:
                    return results
        return results


def _fingerprint() -> tuple:
    concepts = Concept.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    labels = ConceptLabel.objects.aggregate(count=Count("id"), last=Max("id"))
    return (concepts["count"], concepts["changed"], labels["count"], labels["last"])


_index: TaxonomyIndex | None = None
_lock = threading.Lock()


def _current_version() -> str:
    version = cache.get(TAXONOMY_VERSION_CACHE_KEY)
    if version is None:
        cache.add(TAXONOMY_VERSION_CACHE_KEY, "initial", timeout=None)
        version = cache.get(TAXONOMY_VERSION_CACHE_KEY, "initial")
    return version


def get_index() -> TaxonomyIndex:
    """This process's index, rebuilt when the taxonomy version (or, checked now and then, the data) changed."""
    global _index
    version = _current_version()
    index = _index
    if index is not None and index.version == version:
        now = time.monotonic()
        if now - index.checked_at < FINGERPRINT_INTERVAL:
            return index
        index.checked_at = now
        if _fingerprint() == index.fingerprint:
            return index
    with _lock:
        if _index is not None and _index is not index and _index.version == version:
            return _index  # another thread rebuilt it meanwhile
        _index = TaxonomyIndex.build(version=version)
        return _index


def reset_index() -> None:
    """Forget this process's index (tests, and after bulk changes made outside the services)."""
    global _index
    with _lock:
        _index = None


def concept_autocomplete(
    *,
    query: str,
    language: str = FALLBACK_LANGUAGE,
    types: Sequence[str] | None = None,
    limit: int = 10,
) -> list[Suggestion]:
    """Suggest concepts for what a user types, in their language with Dutch as fallback.

    Tolerant of typos, word order, accents and case; `types` limits the concept
    types ("skill", "knowledge", "occupation").
    """
    return get_index().search(query, language=language, types=types, limit=limit)
