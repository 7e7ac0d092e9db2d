"""Convert the public enforcement case book (../shared/data/cases.yaml, plus the public fines it
lacks in src/landfall/casebook/additions.yaml and the corrections, lifecycle dates, revenue and
enforcement actions in src/landfall/casebook/corrections.yaml) into a landfall facts document
shipped as package data (src/landfall/casebook/casebook.yaml).

    python scripts/build_casebook.py [CASES_YAML] [--out PATH] [--check] [--markdown]
                                     [--tally YYYY-MM-DD]

Deterministic: the same input gives byte-identical output. The output is validated with
``landfall.facts.parse_facts`` before it is written. Every case event is either mapped to one
or more facts events (each carrying ``note: "RU-xxx: ..."``) or listed in ``skipped.yaml``
beside the case book with the reason; unverified and conflicting events are kept and flagged
through ``status``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ROOT / ".." / "shared" / "data" / "cases.yaml"
OUT_DIR = ROOT / "src" / "landfall" / "casebook"
# Public fines the compiled case book lacks, in its event format (ids RU-Axx).
ADDITIONS = OUT_DIR / "additions.yaml"

# --------------------------------------------------------------------------------------------
# Companies: case-book company strings -> one landfall company per real company.
# --------------------------------------------------------------------------------------------

COMPANIES: dict[str, dict[str, Any]] = {
    "google": {
        "name": "Google LLC",
        "country": "US",
    },
    "meta": {
        "name": "Meta Platforms, Inc. (Facebook, Inc. until October 2021)",
        "country": "US",
        "note": "Facebook, Inc. renamed itself Meta Platforms, Inc. on 2021-10-28; the case book "
        "uses both names for the same legal person.",
    },
    "whatsapp": {
        "name": "WhatsApp LLC (Meta Platforms)",
        "country": "US",
        "note": "A Meta subsidiary fined in its own name; on the landing list WhatsApp is one "
        "of Meta's resources.",
    },
    "telegram": {
        "name": "Telegram Messenger Inc.",
        "country": "VG",
        "note": "Seat uncertain: Russian courts name Telegram Messenger Inc. (reported as a "
        "British Virgin Islands company); the 2018 blocking case named Telegram Messenger LLP "
        "(England and Wales, GB). Both are recorded here as one company.",
    },
    "twitter": {"name": "Twitter, Inc. (X Corp. from 2023)", "country": "US"},
    "linkedin": {"name": "LinkedIn Corporation (Microsoft)", "country": "US"},
    "apple": {
        "name": "Apple Inc. / Apple Distribution International Ltd.",
        "country": "US",
        "note": "Seat uncertain: the landing-list entry and the 2022 representative-office "
        "filing name Apple Distribution International Ltd. (Ireland, IE); fines and the 2022 "
        "localization case name Apple Inc. (US).",
    },
    "tiktok": {"name": "TikTok Pte. Ltd.", "country": "SG"},
    "zoom": {
        "name": "Zoom Video Communications, Inc.",
        "country": "US",
    },
    "viber": {
        "name": "Viber Media S.à r.l. (Rakuten)",
        "country": "LU",
        "note": "Seat from common knowledge (Viber Media S.à r.l., Luxembourg), not from the "
        "case-book sources.",
    },
    "spotify": {"name": "Spotify AB", "country": "SE"},
    "likee": {"name": "Likeme Pte. Ltd. (Likee)", "country": "SG"},
    "discord": {"name": "Discord, Inc.", "country": "US"},
    "pinterest": {"name": "Pinterest, Inc.", "country": "US"},
    "twitch": {"name": "Twitch Interactive, Inc. (Amazon)", "country": "US"},
    "wikimedia": {"name": "Wikimedia Foundation, Inc.", "country": "US"},
    "aws": {"name": "Amazon Web Services, Inc.", "country": "US"},
    "amazon": {"name": "Amazon.com, Inc.", "country": "US"},
    "microsoft": {"name": "Microsoft Corporation", "country": "US"},
    "airbnb": {
        "name": "Airbnb",
        "country": "US",
        "note": "Seat uncertain: the sources say only 'Airbnb'; services outside the US are "
        "contracted by Airbnb Ireland UC (IE).",
    },
    "ups": {"name": "United Parcel Service (UPS)", "country": "US"},
    "match-group": {"name": "Match Group LLC (Tinder)", "country": "US"},
    "godaddy": {"name": "GoDaddy.com LLC", "country": "US"},
    "digitalocean": {"name": "DigitalOcean, LLC", "country": "US"},
    "hetzner": {"name": "Hetzner Online GmbH", "country": "DE"},
    "network-solutions": {"name": "Network Solutions", "country": "US"},
    "wpengine": {"name": "WP Engine", "country": "US"},
    "hostgator": {"name": "HostGator", "country": "US"},
    "ionos": {"name": "IONOS", "country": "DE"},
    "dreamhost": {"name": "DreamHost", "country": "US"},
    "bluehost": {"name": "Bluehost", "country": "US"},
    "kamatera": {
        "name": "Kamatera",
        "country": "US",
        "note": "Seat uncertain (Kamatera Inc., US, of Israeli origin).",
    },
    "fastcomet": {
        "name": "FastComet",
        "country": "US",
        "note": "Seat uncertain (FastComet Inc., US, of Bulgarian origin).",
    },
}

NAME_TO_ID: dict[str, str] = {
    "Google LLC": "google",
    "Twitter, Inc.": "twitter",
    "Facebook, Inc. (Meta Platforms)": "meta",
    "Meta Platforms, Inc.": "meta",
    "Facebook (Meta Platforms, Inc.)": "meta",
    "Instagram (Meta Platforms, Inc.)": "meta",
    "WhatsApp LLC (Meta Platforms)": "whatsapp",
    "Telegram Messenger Inc.": "telegram",
    "Telegram Messenger LLP": "telegram",
    "Twitch Interactive, Inc. (Amazon)": "twitch",
    "TikTok Pte. Ltd.": "tiktok",
    "Wikimedia Foundation, Inc.": "wikimedia",
    "Discord, Inc.": "discord",
    "Amazon Web Services, Inc.": "aws",
    "LinkedIn Corporation (Microsoft)": "linkedin",
    "Zoom Video Communications, Inc.": "zoom",
    "Likeme Pte. Ltd. (Likee)": "likee",
    "Apple (Apple Distribution International Ltd.)": "apple",
    "Apple Inc.": "apple",
    "Apple Distribution International / Apple Inc.": "apple",
    "Pinterest, Inc.": "pinterest",
    "Viber Media (Rakuten)": "viber",
    "Viber Media": "viber",
    "Amazon.com, Inc.": "amazon",
    "Microsoft Corporation": "microsoft",
    "Spotify AB": "spotify",
    "Airbnb": "airbnb",
    "United Parcel Service (UPS)": "ups",
    "Match Group LLC (Tinder)": "match-group",
    "Hetzner Online GmbH": "hetzner",
    "DigitalOcean, LLC": "digitalocean",
    "GoDaddy.com LLC": "godaddy",
}

OTHER_HOSTERS = [
    "godaddy",
    "digitalocean",
    "hetzner",
    "network-solutions",
    "wpengine",
    "hostgator",
    "ionos",
    "dreamhost",
    "bluehost",
    "kamatera",
    "fastcomet",
]

# Resources: id, company, kind and the scope signals we can justify. russian_language is
# set where the service has a Russian interface; processes_russian_users_data where RKN
# pursued the company over Russian users' personal data (152-FZ demands or cases).
R_PD = {"russian_language": True, "processes_russian_users_data": True}
R_LANG = {"russian_language": True}
RESOURCES: list[dict[str, Any]] = [
    {"id": "google.com", "company": "google", "kind": "search_engine", **R_PD},
    {"id": "youtube.com", "company": "google", "kind": "video_hosting", **R_PD},
    {"id": "music.youtube.com", "company": "google", "kind": "website", **R_LANG},
    {"id": "play.google.com", "company": "google", "kind": "app", **R_LANG},
    {"id": "chat.google.com", "company": "google", "kind": "messenger", **R_LANG},
    {"id": "mail.google.com", "company": "google", "kind": "website", **R_LANG},
    {"id": "facebook.com", "company": "meta", "kind": "social_network", **R_PD},
    {"id": "instagram.com", "company": "meta", "kind": "social_network", **R_LANG},
    {"id": "whatsapp.com", "company": "whatsapp", "kind": "messenger", **R_PD},
    {"id": "twitter.com", "company": "twitter", "kind": "social_network", **R_PD},
    {"id": "t.me", "company": "telegram", "kind": "messenger", **R_LANG},
    {"id": "linkedin.com", "company": "linkedin", "kind": "social_network", **R_PD},
    {"id": "icloud.com", "company": "apple", "kind": "hosting", **R_LANG},
    {"id": "apps.apple.com", "company": "apple", "kind": "app", **R_LANG},
    {"id": "music.apple.com", "company": "apple", "kind": "website", **R_LANG},
    {"id": "tiktok.com", "company": "tiktok", "kind": "video_hosting", **R_LANG},
    {"id": "zoom.us", "company": "zoom", "kind": "app", **R_LANG},
    {"id": "viber.com", "company": "viber", "kind": "messenger", **R_LANG},
    {"id": "spotify.com", "company": "spotify", "kind": "app", **R_LANG},
    {"id": "likee.video", "company": "likee", "kind": "video_hosting", **R_PD},
    {"id": "discord.com", "company": "discord", "kind": "messenger", **R_LANG},
    {"id": "pinterest.com", "company": "pinterest", "kind": "social_network", **R_PD},
    {"id": "twitch.tv", "company": "twitch", "kind": "video_hosting", **R_PD},
    {"id": "wikipedia.org", "company": "wikimedia", "kind": "website", **R_LANG},
    {"id": "amazon.com", "company": "amazon", "kind": "website"},
    {"id": "airbnb.com", "company": "airbnb", "kind": "website", **R_PD},
    {"id": "ups.com", "company": "ups", "kind": "website", **R_PD},
    {"id": "tinder.com", "company": "match-group", "kind": "app", **R_PD},
    {"id": "aws.amazon.com", "company": "aws", "kind": "hosting"},
    {"id": "godaddy.com", "company": "godaddy", "kind": "hosting"},
    {"id": "digitalocean.com", "company": "digitalocean", "kind": "hosting"},
    {"id": "hetzner.com", "company": "hetzner", "kind": "hosting"},
    {"id": "networksolutions.com", "company": "network-solutions", "kind": "hosting"},
    {"id": "wpengine.com", "company": "wpengine", "kind": "hosting"},
    {"id": "hostgator.com", "company": "hostgator", "kind": "hosting"},
    {"id": "ionos.com", "company": "ionos", "kind": "hosting"},
    {"id": "dreamhost.com", "company": "dreamhost", "kind": "hosting"},
    {"id": "bluehost.com", "company": "bluehost", "kind": "hosting"},
    {"id": "kamatera.com", "company": "kamatera", "kind": "hosting"},
    {"id": "fastcomet.com", "company": "fastcomet", "kind": "hosting"},
]
SITE = {r["company"]: r["id"] for r in reversed(RESOURCES)}  # the company's first resource

# --------------------------------------------------------------------------------------------
# Per-case details the structured fields do not carry (read from each case's outcome/notes).
# --------------------------------------------------------------------------------------------

# Number of protocols where the source says how many.
PROTOCOLS: dict[str, int] = {
    "RU-021": 3,
    "RU-027": 2,
    "RU-030": 8,
    "RU-031": 3,
    "RU-034": 6,
    "RU-036": 4,
    "RU-037": 4,
    "RU-040": 2,
    "RU-044": 5,
    "RU-045": 3,
    "RU-049": 5,
    "RU-050": 2,
    "RU-051": 2,
    "RU-113": 2,
    "RU-123": 2,
    "RU-124": 2,
    "RU-167": 2,
    "RU-A07": 2,
}

# What the compiled case book does not structure or gets wrong, as data (see the file's own
# comments): the offender's revenue, offence flags the sources do not state, lifecycle dates,
# corrections with their sources, and the blocks and slowdowns outside 236-FZ.
CORRECTIONS_FILE = OUT_DIR / "corrections.yaml"
_INPUTS: dict[str, Any] = yaml.safe_load(CORRECTIONS_FILE.read_text(encoding="utf-8"))
OFFENSE_OVERRIDE: dict[str, str] = _INPUTS["offense_not_stated"]
LIFECYCLE: dict[str, dict[str, Any]] = _INPUTS["lifecycle"]
CORRECTIONS: dict[str, dict[str, Any]] = _INPUTS["corrections"]
ENFORCEMENT: dict[str, dict[str, Any]] = _INPUTS["enforcement"]
for _company, _revenue in _INPUTS["revenue"].items():
    # beside the name and seat, before any note
    _entry = COMPANIES[_company]
    COMPANIES[_company] = {
        "name": _entry["name"],
        "country": _entry["country"],
        "revenue": _revenue,
        **{k: v for k, v in _entry.items() if k not in ("name", "country")},
    }

# Amounts stated only in the outcome text (the structured field is null).
APPROX_AMOUNT: dict[str, float] = {"RU-141": 4_611_000_000}

# Fines reported with two parts: split where the source gives the breakdown. Each piece is
# (id suffix, part, amount, protocols, what the part rests on).
SPLIT_FINES: dict[str, list[tuple[str, str | None, float, int, str]]] = {
    "RU-067": [
        ("p2", "2", 4_000_000, 2, "part 2 as the source itemises"),
        ("p4", "4", 10_000_000, 2, "part 4 as the source itemises"),
    ],
    "RU-123": [
        ("1m", "2", 1_000_000, 1, "part 2 as the judge quoted it for the 1M ruling"),
        (
            "3m",
            None,
            3_000_000,
            1,
            "part not quoted by the judge for the 3M ruling (a later TASS item says part 4)",
        ),
    ],
}

# Demand deadlines stated in the outcome text.
DEADLINES: dict[str, dt.date] = {
    "RU-024": dt.date(2021, 5, 31),
    "RU-025": dt.date(2021, 5, 31),
    "RU-026": dt.date(2021, 5, 31),
    "RU-032": dt.date(2021, 7, 1),
    "RU-033": dt.date(2021, 7, 1),
}
DEMAND_KIND: dict[str, str] = {
    "RU-008": "information",
    "RU-009": "information",
    "RU-012": "localization",
    "RU-013": "localization",
    "RU-024": "information",
    "RU-025": "information",
    "RU-026": "information",
    "RU-032": "localization",
    "RU-033": "localization",
}

SPRING_2019 = (
    "The date is that of RKN's statement; the order itself was given in spring 2019 (day not "
    "public) and expired late Dec 2019 - early Jan 2020, so no deadline is recorded."
)
DEMAND_NOTE: dict[str, str] = {
    "RU-012": SPRING_2019,
    "RU-013": SPRING_2019,
    "RU-008": "No deadline stated by the sources.",
    "RU-009": "No deadline stated by the sources.",
}

# Companies named in a case event's outcome beyond its `company` field.
EXPAND: dict[str, list[str]] = {
    "RU-135": OTHER_HOSTERS,
    "RU-137": [c for c in OTHER_HOSTERS if c != "fastcomet"],  # 'FastComet not in this list'
    "RU-142": ["aws", *[c for c in OTHER_HOSTERS if c != "fastcomet"]],
    "RU-150": [
        "kamatera",
        "wpengine",
        "hostgator",
        "network-solutions",
        "dreamhost",
        "bluehost",
        "ionos",
        "digitalocean",
    ],
}
# RU-150 gives a day per hoster.
BLOCK_DAYS: dict[str, dt.date] = {
    "kamatera": dt.date(2024, 3, 25),
    "wpengine": dt.date(2024, 3, 27),
    "hostgator": dt.date(2024, 3, 29),
    "network-solutions": dt.date(2024, 4, 1),
    "dreamhost": dt.date(2024, 4, 3),
    "bluehost": dt.date(2024, 4, 5),
    "ionos": dt.date(2024, 4, 8),
    "digitalocean": dt.date(2024, 4, 10),
}
# RU-144 lists eight hosters fined 6M each beside AWS's 200M.
SIX_MILLION = 6_000_000
SIX_MILLION_HOSTERS = [
    "bluehost",
    "kamatera",
    "ionos",
    "dreamhost",
    "godaddy",
    "wpengine",
    "hostgator",
    "network-solutions",
]

LANDING_MEASURE = {
    "landing_measure_search_marking": "informing-users",
    "landing_measure_ad_ban": "advertising-ban",
    "landing_measure_search_ban": "search-exclusion",
    "landing_measure_blocking": "full-blocking",
}

# Event types with no facts counterpart, and why (the events go to skipped.yaml).
SKIP_REASON: dict[str, str] = {
    "court_ruling_blocking": "a court ruling ordering a block; the block (or register entry) "
    "it ordered is recorded as an enforcement_action on its own",
    "appeal_dismissed": "an appeal upholding an earlier decision; no facts event type for "
    "appeals, and the upheld decision is recorded (or skipped) on its own",
    "throttling_extended": "extension of a slowdown already recorded as an enforcement_action "
    "(RU-019); no new action",
    "throttling_partially_lifted": "partial lifting: the slowdown went on over mobile networks, "
    "and enforcement_action has no partial lifting, so the RU-019 slowdown stays in force",
    "threat": "a threat of measures, not an applied measure or demand",
    "announcement": "an announced intention to seek a fine; the later fine is recorded",
    "law_signed": "a change in the law itself, not an event about one company (the rulebook "
    "carries the law's dates)",
    "law_in_force": "a change in the law itself, not an event about one company",
    "enforcement_proceedings": "collection of an already recorded fine by bailiffs; no facts "
    "event type (proposed: fine_enforcement)",
    "extremist_designation": "a court designation under 114-FZ, outside the three laws",
    "bankruptcy_filing": "a Russian subsidiary's insolvency, not an enforcement event",
}
# Individual events that cannot be mapped although their type can.
SKIP_CASE: dict[str, str] = {
    "RU-104": "fine of 60,000 RUB with no article stated; fine.article is required "
    "(proposed: article optional)",
    "RU-160": "appeal upholding an 8 billion RUB fine under KoAP 20.25 part 1 for non-payment "
    "of FAS (antitrust) fines: not RKN enforcement of the three laws",
    "RU-171": "no year given by the source (date null); every facts event needs a date "
    "(proposed: date precision / unknown dates)",
}

MONTHS = re.compile(r"^\d{4}-\d{2}$")


# --------------------------------------------------------------------------------------------


def _date(case: dict[str, Any]) -> dt.date:
    text = str(case["date"])
    if MONTHS.match(text):
        return dt.date.fromisoformat(text + "-01")
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def _precision_note(case: dict[str, Any]) -> str:
    prec = case["date_precision"]
    if prec == "month":
        return f" Date precision: month ({case['date']}); the first day is used."
    if prec == "year":
        return f" Date precision: year ({case['date']}); 1 January is used."
    return ""


def _note(case: dict[str, Any], extra: str = "", *, precision: bool = True) -> str:
    text = f"{case['id']}: {case['outcome'].strip()}"
    lb = case.get("legal_basis") or {}
    if lb.get("note"):
        text += f" [basis: {lb['note'].strip()}]"
    if case.get("notes"):
        text += f" [case-book note: {str(case['notes']).strip()}]"
    if precision:
        text += _precision_note(case)
    if extra:
        text += " " + extra
    return text


def _base(
    case: dict[str, Any], company: str, extra: str = "", *, precision: bool = True
) -> dict[str, Any]:
    return {
        "date": _date(case),
        "company": company,
        "source": list(case["source"]),
        "status": case["status"],
        "public": True,
        "note": _note(case, extra, precision=precision),
    }


def _fine_id(cid: str, suffix: str = "") -> str:
    """A fine's stable id: its case id, lower case, with a suffix for a split or expansion."""
    return cid.lower() + (f"-{suffix}" if suffix else "")


def _fine_event(
    case: dict[str, Any],
    company: str,
    *,
    fid: str,
    article: str,
    part: str | None,
    amount: float,
    extra: str = "",
    protocols: int | None = None,
    offense: str | None = None,
    correction_note: bool = True,
) -> dict[str, Any]:
    """One facts `fine` with its id, lifecycle dates and corrections applied."""
    cid = case["id"]
    notes = [extra] if extra else []
    dates: dict[str, dt.date] = {}
    if cid in LIFECYCLE:
        dates = {k: v for k, v in LIFECYCLE[cid].items() if k != "why"}
        notes.append(f"Lifecycle: {LIFECYCLE[cid]['why']}.")
    fix = CORRECTIONS.get(cid, {})
    if "why" in fix and correction_note:
        notes.append(f"Correction of the case book: {fix['why']}.")
    # a corrected date is a day, so the case book's month-precision remark no longer applies
    ev = _base(case, company, " ".join(notes), precision="date" not in fix)
    if "date" in fix:
        ev["date"] = fix["date"]
    if "status" in fix:
        ev["status"] = fix["status"]
    if "source" in fix:
        ev["source"] = [*ev["source"], *[u for u in fix["source"] if u not in ev["source"]]]
    ev.update(type="fine", id=fid, **dates, article=article, part=part, amount_rub=_num(amount))
    if protocols is not None:
        ev["protocols"] = protocols
    if offense is not None:
        ev["offense"] = offense
    return ev


def _fine(case: dict[str, Any], company: str) -> list[dict[str, Any]]:
    cid = case["id"]
    lb = case["legal_basis"]
    offense = case.get("offense_number")
    extra = ""
    if cid in OFFENSE_OVERRIDE:
        offense = None
        extra = (
            f"offense left null: {OFFENSE_OVERRIDE[cid]}; the sources state no offence "
            "(first or repeat)."
        )
    if cid in SPLIT_FINES:
        return [
            _fine_event(
                case,
                company,
                fid=_fine_id(cid, suffix),
                article=str(lb["article"]),
                part=part,
                amount=amount,
                protocols=protocols,
                offense=offense,
                extra=f"Split by ruling: {why}.",
            )
            for suffix, part, amount, protocols, why in SPLIT_FINES[cid]
        ]
    amount = CORRECTIONS.get(cid, {}).get("amount_rub", case.get("amount_rub"))
    if amount is None and cid in APPROX_AMOUNT:
        amount = APPROX_AMOUNT[cid]
        extra = (
            extra + " amount_rub is the approximate figure stated in the outcome text."
        ).strip()
    if amount is None:
        # A fine with no amount cannot be a facts `fine`; keep the proceeding it proves.
        ev = _base(
            case,
            company,
            "A fine was imposed but its amount is not stated; recorded as case_opened because "
            "fine.amount_rub is required (proposed: amount_rub optional).",
        )
        ev.update(type="case_opened", article=str(lb["article"]), part=_part(lb["part"]))
        return [ev]
    part = CORRECTIONS.get(cid, {}).get("part", _part(lb["part"]))
    if part is not None and not re.fullmatch(r"\d+(\.\d+)?", part):
        extra = (
            extra + f" Source gives part '{part}' without a breakdown; part left null."
        ).strip()
        part = None
    return [
        _fine_event(
            case,
            company,
            fid=_fine_id(cid),
            article=str(lb["article"]),
            part=part,
            amount=amount,
            extra=extra,
            protocols=PROTOCOLS.get(cid),
            offense=offense,
        )
    ]


def _part(value: Any) -> str | None:
    return None if value is None else str(value)


def _num(value: Any) -> int | float:
    f = float(value)
    return int(f) if f.is_integer() else f


def convert_case(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts events one case event maps to ([] when it is skipped)."""
    cid, etype = case["id"], case["event_type"]
    if skip_reason(case) is not None:
        return []
    if cid in ENFORCEMENT:
        ev = _base(case, NAME_TO_ID[case["company"]])
        ev.update(type="enforcement_action", **ENFORCEMENT[cid])
        return [ev]
    lb = case["legal_basis"]
    if cid in EXPAND:
        companies = EXPAND[cid]
        company = companies[0]
    else:
        company = NAME_TO_ID[case["company"]]
        companies = [company]

    if etype in ("court_fine", "turnover_fine"):
        out = _fine(case, company)
        if cid == "RU-144":
            for host in SIX_MILLION_HOSTERS:
                out.append(
                    _fine_event(
                        case,
                        host,
                        fid=_fine_id(cid, host),
                        article="13.49",
                        part="2",
                        amount=SIX_MILLION,
                        offense="first",
                        correction_note=False,
                        extra="Expanded: the outcome names this hoster among those fined 6M "
                        "RUB; date corrected to the ruling of 17.01.2024 (servernews 1098923). "
                        "The itemised amounts (AWS 200,469,997, Hetzner 117,700,731, "
                        "DigitalOcean 30,810,055, 8 x 6M) sum to 396,980,783, not the "
                        "reported 367.5M total.",
                    )
                )
        return out
    if etype == "case_opened":
        out = []
        for c in companies:
            extra = "Expanded from the hosters the outcome names." if len(companies) > 1 else ""
            ev = _base(case, c, extra)
            ev.update(type="case_opened", article=str(lb["article"]), part=_part(lb["part"]))
            out.append(ev)
        return out
    if etype == "demand":
        ev = _base(case, company, DEMAND_NOTE.get(cid, ""))
        ev.update(type="demand", id=cid, kind=DEMAND_KIND[cid], basis="152-FZ 18.5")
        if cid in DEADLINES:
            ev["deadline"] = DEADLINES[cid]
        return [ev]
    if etype == "landing_law_list_inclusion":
        ev = _base(case, company)
        ev.update(type="list_inclusion", list="landing")
        return [ev]
    if etype == "registry_inclusion":
        ev = _base(case, company)
        ev.update(type="list_inclusion", list="social_networks")
        return [ev]
    if etype in LANDING_MEASURE:
        out = []
        for c in companies:
            extra = "Expanded from the hosters the outcome names." if len(companies) > 1 else ""
            ev = _base(case, c, extra)
            if cid == "RU-150":
                ev["date"] = BLOCK_DAYS[c]
            ev.update(type="measure_applied", measure=LANDING_MEASURE[etype])
            if etype == "landing_measure_blocking":
                ev["resource"] = SITE[c]
            out.append(ev)
        return out
    if etype == "landing_compliance":
        return _compliance(case)
    raise SystemExit(f"{cid}: unmapped event type {etype!r}; add it to the converter")


def _compliance(case: dict[str, Any]) -> list[dict[str, Any]]:
    cid = case["id"]
    out: list[dict[str, Any]] = []
    inferred = "Inferred from 'nearly all obligations fulfilled except installing the counter'."
    if cid == "RU-073":
        ev = _base(case, "apple")
        ev.update(type="local_presence", form="representative_office")
        out.append(ev)
        ev = _base(case, "apple", inferred)
        ev.update(type="rkn_account", status="partially_verified")
        out.append(ev)
        for res in ("icloud.com", "apps.apple.com", "music.apple.com"):
            ev = _base(case, "apple", inferred)
            del ev["company"]
            ev.update(type="feedback_form", resource=res, status="partially_verified")
            out.append(ev)
        ev = _base(case, "spotify", "Spotify AB reported founding a Russian legal entity.")
        ev.update(type="local_presence", form="legal_entity")
        out.append(ev)
        return out
    if cid == "RU-083":
        ev = _base(
            case, "likee", "The form of the office is not stated; representative_office is assumed."
        )
        ev.update(type="local_presence", form="representative_office")
        out.append(ev)
        ev = _base(case, "likee", "Already in place by this date.")
        ev.update(type="rkn_account")
        out.append(ev)
        ev = _base(case, "likee", "Already in place by this date.")
        del ev["company"]
        ev.update(type="feedback_form", resource="likee.video")
        out.append(ev)
        return out
    raise SystemExit(f"{cid}: landing_compliance without a mapping")


def skip_reason(case: dict[str, Any]) -> str | None:
    if case["id"] in ENFORCEMENT:
        return None
    return SKIP_CASE.get(case["id"]) or SKIP_REASON.get(case["event_type"])


# --------------------------------------------------------------------------------------------

EVENT_KEYS = (
    "date",
    "type",
    "company",
    "resource",
    "id",
    "offense_date",
    "detected_date",
    "in_force_date",
    "paid_date",
    "kind",
    "basis",
    "deadline",
    "article",
    "part",
    "amount_rub",
    "protocols",
    "offense",
    "measure",
    "action",
    "lifted",
    "list",
    "form",
    "status",
    "public",
    "source",
    "note",
)


def _ordered(ev: dict[str, Any]) -> dict[str, Any]:
    assert set(ev) <= set(EVENT_KEYS), set(ev) - set(EVENT_KEYS)
    return {k: ev[k] for k in EVENT_KEYS if k in ev}


def additions() -> list[dict[str, Any]]:
    """The case events of additions.yaml (public fines the compiled case book lacks)."""
    data = yaml.safe_load(ADDITIONS.read_text(encoding="utf-8"))
    return list(data["events"])


def case_events(cases: dict[str, Any]) -> list[dict[str, Any]]:
    """The compiled case book's events followed by the additions."""
    return [*cases["events"], *additions()]


def convert(cases: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(facts document, skipped cases) for a parsed cases.yaml and the additions."""
    events: list[tuple[dt.date, str, int, dict[str, Any]]] = []
    skipped: list[dict[str, Any]] = []
    unmapped_notes: dict[str, list[str]] = {}
    for case in case_events(cases):
        reason = skip_reason(case)
        if reason is not None:
            skipped.append(
                {
                    "case": case["id"],
                    "date": None if case["date"] is None else str(case["date"]),
                    "event_type": case["event_type"],
                    "company": case["company"],
                    "status": case["status"],
                    "reason": reason,
                }
            )
            cid = NAME_TO_ID.get(case["company"])
            if cid is not None:
                unmapped_notes.setdefault(cid, []).append(
                    f"{case['id']} {case['date'] or 'undated'} {case['event_type']}"
                )
            continue
        for i, ev in enumerate(convert_case(case)):
            events.append((ev["date"], case["id"], i, _ordered(ev)))
    events.sort(key=lambda t: (t[0], t[1], t[2]))

    used: set[str] = {e[3]["company"] for e in events if e[3].get("company")} | {
        next(r["company"] for r in RESOURCES if r["id"] == e[3]["resource"])
        for e in events
        if "resource" in e[3]
    }
    used |= set(unmapped_notes)
    companies = []
    for cid in sorted(used):
        # compiled from the press: an act the press did not report is unknown, not undone
        entry: dict[str, Any] = {"id": cid, **COMPANIES[cid], "facts_complete": False}
        if cid in unmapped_notes:
            tail = (
                "Case-book events not representable as facts (see docs/casebook.md): "
                + "; ".join(unmapped_notes[cid])
                + "."
            )
            entry["note"] = f"{entry['note']} {tail}" if "note" in entry else tail
        companies.append(entry)
    resources = [r for r in RESOURCES if r["company"] in used]
    doc = {
        "landfall": 1,
        "companies": companies,
        "resources": resources,
        "events": [e[3] for e in events],
    }
    return doc, skipped


JUNE_COMPANIES = ("google", "meta", "telegram", "twitter")
JUNE_END = dt.date(2021, 7, 31)
# Order-of-magnitude daily Russian audiences, for illustration only (not case-book facts).
JUNE_AUDIENCE: dict[str, int] = {
    "youtube.com": 30_000_000,
    "t.me": 20_000_000,
    "facebook.com": 3_000_000,
    "instagram.com": 20_000_000,
    "twitter.com": 1_000_000,
}
ILLUSTRATIVE = (
    "ILLUSTRATIVE ESTIMATE, not a fact: an order-of-magnitude daily Russian audience, "
    "enough to show the 500,000 threshold is far exceeded; no source measured it."
)


def june_2021(doc: dict[str, Any]) -> dict[str, Any]:
    """The June 2021 situation, cut from the case book, plus illustrative audiences."""
    events = [
        e for e in doc["events"] if e.get("company") in JUNE_COMPANIES and e["date"] <= JUNE_END
    ]
    audience = [
        {
            "date": dt.date(2021, 6, 1),
            "type": "audience",
            "resource": res,
            "daily_users_ru": n,
            "public": False,
            "note": ILLUSTRATIVE,
        }
        for res, n in JUNE_AUDIENCE.items()
    ]
    merged = sorted(
        [*audience, *events], key=lambda e: (e["date"], e.get("note", "")[:6], e["type"])
    )
    return {
        "landfall": 1,
        "companies": [c for c in doc["companies"] if c["id"] in JUNE_COMPANIES],
        "resources": [r for r in doc["resources"] if r["company"] in JUNE_COMPANIES],
        "events": merged,
    }


JUNE_HEADER = (
    "# GENERATED by scripts/build_casebook.py from the case book; do not edit.\n"
    "# The June 2021 situation: Google, Meta (Facebook), Telegram and Twitter, every case-book\n"
    "# event up to 2021-07-31 (fines, demands, the Google localization case), plus\n"
    "# order-of-magnitude audiences marked ILLUSTRATIVE ESTIMATE (public: false) in their notes.\n"
    "# Try: landfall assess examples/june-2021.yaml --as-of 2021-07-01\n"
)
EXAMPLES_DIR = ROOT / "examples"


HEADER = (
    "# GENERATED by scripts/build_casebook.py from ../shared/data/cases.yaml, additions.yaml\n"
    "# (ids RU-Axx) and corrections.yaml; do not edit. The public enforcement case book as a\n"
    "# landfall facts document. Every event keeps its sources, the verification status and a\n"
    "# note starting with the case id; corrections and lifecycle dates say what they rest on.\n"
)
SKIPPED_HEADER = (
    "# GENERATED by scripts/build_casebook.py; case-book events with no facts counterpart.\n"
)


class _NoAliases(yaml.SafeDumper):
    """Spell every value out: a date shared by several events must not become a YAML alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


def render(cases: dict[str, Any]) -> tuple[str, str]:
    doc, skipped = convert(cases)
    facts_text = HEADER + dump(doc)
    skipped_text = SKIPPED_HEADER + dump({"skipped": skipped})
    return facts_text, skipped_text


def render_june(cases: dict[str, Any]) -> str:
    doc, _ = convert(cases)
    return JUNE_HEADER + dump(june_2021(doc))


def validate(facts_text: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from landfall.facts import parse_facts

    parse_facts(facts_text, name="casebook.yaml")


def markdown(cases: dict[str, Any]) -> str:
    doc, skipped = convert(cases)
    by_case: Counter[str] = Counter()
    mapping: Counter[tuple[str, str]] = Counter()
    source_types = {c["id"]: c["event_type"] for c in case_events(cases)}
    for ev in doc["events"]:
        cid = ev["note"].split(":", 1)[0]
        mapping[(source_types[cid], ev["type"])] += 1
        by_case[cid] += 1
    pair_cases: dict[tuple[str, str], set[str]] = {}
    for ev in doc["events"]:
        cid = ev["note"].split(":", 1)[0]
        pair_cases.setdefault((source_types[cid], ev["type"]), set()).add(cid)
    lines = [
        "| case event type | facts event type | case events | facts events |",
        "|---|---|---|---|",
    ]
    for (src, dst), n in sorted(mapping.items()):
        lines.append(f"| `{src}` | `{dst}` | {len(pair_cases[(src, dst)])} | {n} |")
    total_src = len(case_events(cases))
    lines.append(
        f"| **total** | | {len(by_case)} mapped + {len(skipped)} skipped = {total_src} "
        f"| {len(doc['events'])} |"
    )
    lines += [
        "",
        "| case | date | type | company | status | why not mapped |",
        "|---|---|---|---|---|---|",
    ]
    for s in skipped:
        lines.append(
            f"| {s['case']} | {s['date'] or '—'} | `{s['event_type']}` | {s['company']} | "
            f"{s['status']} | {s['reason']} |"
        )
    return "\n".join(lines) + "\n"


def tally(facts_text: str, as_of: dt.date) -> str:
    """The assessment's verdict on every fine of the case book as of ``as_of``, as markdown:
    the counts by verdict, then one row per fine with what an undecided fine needs."""
    sys.path.insert(0, str(ROOT / "src"))
    from landfall.engine import assess
    from landfall.facts import parse_facts
    from landfall.rulebooks.ru import rulebook

    assessment = assess(rulebook(), parse_facts(facts_text, name="casebook.yaml"), as_of)
    rows = [
        (company["company"], fine)
        for company in assessment.to_dict()["companies"]
        for fine in company["fines"]
    ]
    rows.sort(key=lambda r: (r[1]["date"], r[0], r[1]["id"]))
    counts = Counter(fine["verdict"] for _, fine in rows)
    lines = [
        f"{len(rows)} fines as of {as_of}: "
        + ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items())),
        "",
        "| fine | company | date | article/part | RUB | verdict | needs |",
        "|---|---|---|---|---|---|---|",
    ]
    for company, fine in rows:
        part = f"/{fine['part']}" if fine.get("part") else ""
        amount = f"{fine['amount_rub']:,.2f}".removesuffix(".00")
        needs = "; ".join(fine.get("needs") or []) or "—"
        lines.append(
            f"| {fine['id']} | {company} | {fine['date']} | {fine['article']}{part} | "
            f"{amount} | {fine['verdict']} | {needs} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("cases", nargs="?", default=str(DEFAULT_CASES))
    ap.add_argument("--out", default=str(OUT_DIR))
    ap.add_argument("--check", action="store_true", help="fail if the shipped files differ")
    ap.add_argument("--markdown", action="store_true", help="print the mapping tables")
    ap.add_argument(
        "--tally",
        metavar="YYYY-MM-DD",
        type=dt.date.fromisoformat,
        help="print the verdict on every fine of a fresh conversion as of that day",
    )
    args = ap.parse_args(argv)
    cases = yaml.safe_load(Path(args.cases).read_text(encoding="utf-8"))
    if args.markdown:
        print(markdown(cases), end="")
        return 0
    if args.tally is not None:
        print(tally(render(cases)[0], args.tally), end="")
        return 0
    facts_text, skipped_text = render(cases)
    june_text = render_june(cases)
    validate(facts_text)
    validate(june_text)
    out = Path(args.out)
    targets = {
        out / "casebook.yaml": facts_text,
        out / "skipped.yaml": skipped_text,
        EXAMPLES_DIR / "june-2021.yaml": june_text,
    }
    if args.check:
        stale = [str(p) for p, t in targets.items() if not p.exists() or p.read_text("utf-8") != t]
        for p in stale:
            print(f"stale: {p} (run scripts/build_casebook.py)", file=sys.stderr)
        return 1 if stale else 0
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
