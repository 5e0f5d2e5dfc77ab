"""Red-flag scan of a forwarded or pasted job ad, in English, Urdu, Roman Urdu and Pashto.

The scan finds the checklist's red flags (content/checklist.yaml) in the ad's own words, so
the bot can quote them back ("they say: *Passport will remain with company*") and reuse the
checklist's weights, thresholds and rules: ``AdScan.flag_ids`` and ``AdScan.signals`` go
straight into ``bot.core.scoring.assess_flags``. What counts as each flag lives in
``content/understanding/redflags.yaml``; this module only knows the kinds of evidence:
cues (unless negated or cancelled nearby), word pairs, places, money, a missing employer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.understanding.ad_scan import AdScan, FlagHit
from bot.understanding.cues import Cues, Reading, token_range
from bot.understanding.employer_names import EmployerNames
from bot.understanding.money import Money, MoneyReader
from bot.understanding.normalize import SpellingVariants, fold_arabic
from bot.understanding.phrases import Hit, Lexicon, Phrase
from bot.understanding.places import PlaceFinder
from bot.understanding.tokens import TokenizedText, Tokenizer
from bot.understanding.vocabulary import (
    load_common_words,
    load_variants,
    phrases_from,
    read_yaml,
)

__all__ = ["AdScan", "AdScanner", "FlagHit"]  # the results live in ad_scan; re-exported


@dataclass(frozen=True)
class _Job:
    kind: str
    bait: bool
    ceiling: float
    by_destination: dict[str, float]  # country (places.yaml) -> ceiling there

    def ceiling_in(self, countries: tuple[str, ...]) -> float:
        """The ceiling at the first named destination that has its own, else the job's."""
        return next(
            (self.by_destination[c] for c in countries if c in self.by_destination), self.ceiling
        )


class AdScanner:
    """Built once by ``load`` from content/understanding/; ``scan`` is pure."""

    def __init__(
        self,
        data: dict,
        tokenizer: Tokenizer,
        places: PlaceFinder,
        money: MoneyReader,
        common: frozenset[str],
    ) -> None:
        self._tokenizer = tokenizer
        self._places = places
        self._money = money
        self.flag_order: tuple[str, ...] = tuple(data["flags"])
        self._flags: dict[str, dict] = {k: v or {} for k, v in data["flags"].items()}
        self._signals: dict[str, dict] = data["signals"]
        self._jobs = [
            _Job(
                k,
                bool(v.get("bait")),
                float(v["ceiling"]),
                {c: float(x) for c, x in (v.get("by_destination") or {}).items()},
            )
            for k, v in data["jobs"].items()
        ]
        self._job_labels = tuple((job.kind, f"job:{job.kind}") for job in self._jobs)
        self._unknown_ceiling = float(data["unknown_job_ceiling"])
        self.ad_threshold = float(data["ad"]["threshold"])
        self._short_text = int(data["ad"]["short_text"])
        self._regexes: list[tuple[str, re.Pattern[str]]] = []
        self._lexicon = Lexicon(self._phrases(data, tokenizer), fuzzy=True)
        self._vocabulary = frozenset(
            p.tokens[0]
            for p in self._lexicon.phrases
            if len(p.tokens) == 1 and not p.label.startswith("name:")
        )
        self._protected = common | self._vocabulary
        # Per flag or signal, the lexicon labels that can make a cue (most texts have none).
        self._cue_labels: dict[str, frozenset[str]] = {
            group: frozenset(
                [f"{group}:cues", f"{group}:fixed", f"{group}:if_hub"]
                + [
                    f"{group}:pair{n}{side}"
                    for n in range(len(spec.get("pairs", ())))
                    for side in "ab"
                ]
            )
            for group, spec in (*self._flags.items(), *self._signals.items())
        }
        self._cues = Cues(
            (int(data["negation"]["before"]), int(data["negation"]["after"])), self._cue_labels
        )

        # Flags that only a cue (a phrase or a pattern) can raise: no place, money or absence.
        self._cue_only = frozenset(
            flag
            for flag, spec in self._flags.items()
            if flag not in ("unrealistic_salary", "risky_destination", "overland_transfer")
            and not spec.get("money")
            and not spec.get("when_ad_names_none")
        )
        names = data["employer_names"]
        self._employer = EmployerNames(
            not_names=frozenset(tokenizer.words(" ".join(names["not_names"]))),
            name_prefixes=tuple(tokenizer.pattern_tokens(" ".join(names["name_prefixes"]))),
            # Words that say what an employer is like, never its name ("Chinese", "بڑی").
            vague_words=frozenset(
                token
                for phrase in phrases_from(
                    tokenizer, "vague", self._flags["vague_employer"].get("cues")
                )
                for token in phrase.tokens
            ),
            vocabulary=self._vocabulary,
        )

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer ``scan`` folds text with (``scan_tokens`` takes its output)."""
        return self._tokenizer

    def _phrases(self, data: dict, tokenizer: Tokenizer) -> list[Phrase]:
        """Every vocabulary of redflags.yaml in one lexicon, labelled ``group:kind``."""
        phrases: list[Phrase] = []

        def add(label: str, words: dict | list | None) -> None:
            phrases.extend(phrases_from(tokenizer, label, words))

        add("neg:word", data["negation"]["words"])
        add("neg:before_only", data["negation"].get("before_only"))
        add("neg:clause", data["negation"]["clause"])
        add("neg:not", data["negation"].get("not_negations"))
        for group, spec in (*self._flags.items(), *self._signals.items()):
            for kind in ("cues", "fixed", "if_hub", "cancel", "exclude", "when_mentioned"):
                add(f"{group}:{kind}", spec.get(kind))
            for n, pair in enumerate(spec.get("pairs", ())):
                add(f"{group}:pair{n}a", pair["first"])
                add(f"{group}:pair{n}b", pair["second"])
            for pattern in spec.get("regex", ()):
                self._add_regex(group, pattern)
        for job in data["jobs"]:
            add(f"job:{job}", data["jobs"][job]["words"])
        for part in ("legal_forms", "suffixes", "generic"):
            add(f"name:{part}", data["employer_names"][part])
        for part in ("job", "contact", "travel", "question", "question_start", "first_person"):
            add(f"ad:{part}", data["ad"][part])
        for pattern in data["ad"]["contact_regex"]:
            self._add_regex("ad:contact", pattern)
        return phrases

    def _add_regex(self, group: str, source: str) -> None:
        pattern = re.compile(fold_arabic(source))
        self._regexes.append((group, pattern))

    @classmethod
    def load(cls, content_dir: Path, variants: SpellingVariants | None = None) -> AdScanner:
        """Read redflags.yaml, places.yaml and money.yaml under ``content_dir/understanding``.

        ``variants`` is the Roman Urdu spelling table (``LanguageDetector.variants``); by
        default it is read from the file the language detector reads.
        """
        tokenizer = Tokenizer(variants or load_variants(content_dir))
        data = read_yaml(content_dir / "understanding" / "redflags.yaml")
        return cls(
            data,
            tokenizer,
            PlaceFinder.load(content_dir, tokenizer),
            MoneyReader.load(content_dir, tokenizer),
            load_common_words(content_dir, tokenizer),
        )

    # -- reading ---------------------------------------------------------------------------

    def _read(self, text: TokenizedText) -> Reading:
        hits: dict[str, list[Hit]] = {}
        for hit in self._lexicon.find(text, self._protected):
            hits.setdefault(hit.phrase.label, []).append(hit)
        regex: dict[str, list[tuple[int, int]]] = {}
        for group, pattern in self._regexes:
            for m in pattern.finditer(text.folded):
                span = (text.origin[m.start()], text.origin[max(m.end() - 1, m.start())] + 1)
                regex.setdefault(group, []).append(span)
        amounts = self._money.read(text, self._protected)
        places = self._places.find(text, self._protected)
        salary = self._money.salary(amounts)
        if salary is not None:  # "Oman driver 850 rial" is paid in Omani rials
            salary = self._money.at_destination(salary, tuple(p.place.country for p in places))
        starts = [token.start for token in text.tokens]
        return Reading(text, hits, places, amounts, salary, regex, starts)

    # -- signals, job, ad-likeness -----------------------------------------------------------

    def _job_kind(self, found: Reading) -> str | None:
        """The first job kind of redflags.yaml (bait kinds first) the ad names."""
        return next((kind for kind, label in self._job_labels if label in found.hits), None)

    def _signals_of(self, found: Reading, job_kind: str | None) -> frozenset[str]:
        """Facts the checklist rules use besides flags: bait_job, work_visa, oep_licence..."""
        signals = set()
        for name, spec in self._signals.items():
            unless = spec.get("unless_flag")  # "work visa there" after a visit visa is no work visa
            if unless and self._flag(unless, found, frozenset(), job_kind, False) is not None:
                continue
            if self._cues.first_cue(found, name, spec):
                signals.add(name)
        if "employer_named" not in signals and self._employer.named(found):
            signals.add("employer_named")
        if job_kind and next(j for j in self._jobs if j.kind == job_kind).bait:
            signals.add("bait_job")
        return frozenset(signals)

    def _ad_score(self, found: Reading, signals: frozenset[str], job_kind: str | None) -> int:
        """One point per kind of ad content; one off for a question, a story, a short text."""
        has = found.of
        score = sum(
            (
                bool(job_kind or has("ad:job")),
                bool(
                    has("ad:contact")
                    or found.regex.get("ad:contact")
                    or self._cues.first_cue(
                        found, "chat_app_recruitment", self._flags["chat_app_recruitment"]
                    )
                ),
                any(
                    m.purpose == "salary" or m.currency not in (None, "PKR") for m in found.amounts
                ),
                bool(has("ad:travel") or found.places),
                bool(signals & {"employer_named", "oep_licence", "protector"}),
            )
        )
        question = (
            bool(has("ad:question"))
            or any(h.first == 0 for h in has("ad:question_start"))
            or found.text.original.rstrip().endswith(("?", "؟"))
        )
        short = len(found.text.tokens) < self._short_text
        return score - question - bool(has("ad:first_person")) - short

    # -- flags -------------------------------------------------------------------------------

    def _flag(
        self, flag: str, found: Reading, signals: frozenset[str], job_kind: str | None, is_ad: bool
    ) -> tuple[str | None, tuple[int, int] | None] | None:
        """(evidence, span) of the earliest evidence for ``flag``, (None, None) for an absence."""
        spec = self._flags[flag]
        if spec.get("unless_signal") in signals:
            return None
        if flag == "unrealistic_salary":
            return self._unrealistic(found, job_kind)
        if (
            flag in self._cue_only
            and flag not in found.regex
            and self._cue_labels[flag].isdisjoint(found.hits)
        ):
            return None  # only a cue could raise it, and the text has none
        cue = self._cues.first_cue(found, flag, spec)
        candidates = [cue] if cue else []
        if found.places and flag in ("risky_destination", "overland_transfer"):
            places = [
                p
                for p in found.places
                if p.place.risky and (flag == "risky_destination" or p.place.border)
            ]
            if places:
                candidates.append((places[0].evidence, places[0].span))
        if spec.get("money"):
            # a rupee lump sum that is neither called pay nor paid by the month is
            # the price of the job ("Japan ka kaam, visit visa, 8 lakh"): pay abroad is not
            # quoted in rupees without a period
            fees = [
                m
                for m in found.amounts
                if (
                    m.purpose == spec["money"]
                    or (m.purpose is None and m.currency == "PKR" and m.period is None)
                )
                and not self._cancelled_amount(found, flag, spec, m)
            ]
            candidates += [(m.text, m.span) for m in fees[:1]]
        if candidates:
            return min(candidates, key=lambda c: c[1][0])
        if spec.get("absent_unless_signal") in signals:
            return None  # the ad shows who can be checked (a licence number): nothing missing
        if spec.get("when_ad_names_none") and (is_ad or found.of(f"{flag}:when_mentioned")):
            return None, None  # an ad, or a text that speaks of "the company", names none
        return None

    def _only_a_middleman(
        self, flag: str, found: Reading, raised_by: Mapping[str, object], job_kind: str | None
    ) -> bool:
        """A middleman's terms that speak of no job, place or company ("no agency, I send
        people myself, pay 50,000"): the person is the flag (``absent_unless_flag``), and no
        employer is missing from an offer of work that was never made."""
        middleman = self._flags[flag].get("absent_unless_flag")
        return bool(
            middleman in raised_by
            and not (job_kind or found.of("ad:job") or found.places)
            and not found.of(f"{flag}:when_mentioned")
        )

    def _cancelled_amount(self, found: Reading, flag: str, spec: dict, money: Money) -> bool:
        first, end = token_range(found, money.span)
        cancels = found.of(f"{flag}:cancel")
        return bool(
            end
            and cancels
            and self._cues.near(cancels, first, end - 1, int(spec.get("cancel_window", 0)))
        )

    def _unrealistic(
        self, found: Reading, job_kind: str | None
    ) -> tuple[str, tuple[int, int]] | None:
        """The salary, when it reaches the ceiling of the job (redflags.yaml ``jobs``)."""
        salary = found.salary
        usd = self._money.usd_per_month(salary) if salary else None
        if salary is None or usd is None:
            return None
        job = next((j for j in self._jobs if j.kind == job_kind), None)
        countries = tuple(p.place.country for p in found.places)
        ceiling = job.ceiling_in(countries) if job else self._unknown_ceiling
        return (salary.text, salary.span) if usd >= ceiling else None

    def scan(self, text: str) -> AdScan:
        """Every red flag the ad shows, with its evidence, and what the ad offers."""
        return self.scan_tokens(self._tokenizer.tokenize(text))

    def scan_tokens(self, text: TokenizedText) -> AdScan:
        """``scan`` of a text already folded by ``self.tokenizer``."""
        found = self._read(text)
        job_kind = self._job_kind(found)
        signals = self._signals_of(found, job_kind)
        is_ad = self._ad_score(found, signals, job_kind) >= self.ad_threshold
        raised_by: dict[str, tuple[str | None, tuple[int, int] | None]] = {}
        absences = [f for f in self.flag_order if self._flags[f].get("when_ad_names_none")]
        for flag in self.flag_order:
            if flag not in absences:
                raised = self._flag(flag, found, signals, job_kind, is_ad)
                if raised is not None:
                    raised_by[flag] = raised
        # A text that tells of an offer (two red flags, or one and a job) is read like an ad
        # for what it lacks: "visit visa, fee 2 lakh, I send boys myself" names no employer.
        offer = len(raised_by) >= 2 or (bool(raised_by) and bool(job_kind or found.of("ad:job")))
        for flag in absences:
            raised = self._flag(flag, found, signals, job_kind, is_ad or offer)
            if raised is None:
                continue
            if raised == (None, None) and self._only_a_middleman(flag, found, raised_by, job_kind):
                continue
            raised_by[flag] = raised
        flags = [
            FlagHit(flag, *raised_by[flag], self._flags[flag].get("faq"))
            for flag in self.flag_order
            if flag in raised_by
        ]
        return AdScan(
            flags=tuple(flags),
            signals=signals,
            salary=found.salary,
            salary_usd_per_month=self._money.usd_per_month(found.salary) if found.salary else None,
            places=tuple(dict.fromkeys(hit.place.id for hit in found.places)),
            job_kind=job_kind,
            looks_like_ad=is_ad,
        )

    def looks_like_ad(self, text: str) -> bool:
        """Whether ``text`` reads like a job ad (offer, pay, contact) rather than a question."""
        return self.scan(text).looks_like_ad
