"""``landfall init``: a commented facts template a person fills in.

The template is a valid facts document as written (placeholders a user replaces), and each
commented example event below ``events:`` is one too once its ``#`` is taken away, so a
person starts from something the loader accepts and changes one thing at a time.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from landfall.errors import Diagnostic, InputError, Where

EXAMPLE_MARK = "#   "
"""How the example events are commented out: remove this prefix to make one real."""

TEMPLATE = """\
# A landfall facts document (format 1). Each field is described by `landfall docs facts`;
# `landfall schema facts` prints the JSON Schema. Replace the placeholders, then try:
#   landfall assess {file} --as-of {today}
# Dates are YYYY-MM-DD; where the hour matters, YYYY-MM-DDTHH:MM:SS+03:00 (with its offset).
landfall: 1                      # the format version; always 1

companies:
  - id: {company}                # a slug (a-z, 0-9, '-'), unique here; events name the company by it
    name: Example Company Ltd    # the legal name, as reports show it
    country: CY                  # ISO 3166-1 alpha-2 code of the seat
    facts_complete: true         # true: every act of the company is recorded here, so an act
                                 # missing (a form, an office) means it was not done
    # revenue:                   # revenue by year, currency and scope; turnover fines read it
    #   - {{year: 2025, amount: 1000000000, currency: EUR, scope: world}}
    # source: https://example.com/registry-extract    # where these facts come from

resources:
  - id: example.com              # the domain or app id, unique here
    company: {company}           # the id of the company that owns it
    kind: website                # website, app, social_network, messenger, video_hosting,
                                 # search_engine, hosting, ad_system, information_system, other
    # Absent means unknown; the laws' tests read these:
    russian_language: null       # information in Russian or a language of Russia's peoples
    ads_targeting_russia: null   # advertising aimed at consumers in Russia
    processes_russian_users_data: null  # data about users located in Russia is processed
    payments_from_russia: null   # money received from Russian individuals or entities

# Dated facts, in any order. Each event has a `date` and a `type`, may carry `source`
# (a URL or a list of them) and `note`. Take the leading "#   " off an example to use it.
events: []
#   # The audience: one figure, valid until the next audience event of the resource.
#   - {{date: 2025-01-01, type: audience, resource: example.com, country: RU, metric: daily_users, value: 0}}
#   # One figure a day from `date`:
#   - {{date: 2025-01-01, type: audience_series, resource: example.com, country: RU, metric: daily_users, value: [0, 0, 0]}}
#   # An electronic feedback form on the resource (removed: true when withdrawn):
#   - {{date: 2025-01-01, type: feedback_form, resource: example.com}}
#   # A personal account on the regulator's site:
#   - {{date: 2025-01-01, type: rkn_account, company: {company}}}
#   # A local presence: branch, representative_office, legal_entity, representative, ...
#   - {{date: 2025-01-01, type: local_presence, company: {company}, country: RU, form: branch}}
#   # Where users' personal data is stored (role: primary, replica or backup):
#   - {{date: 2025-01-01, type: data_store, company: {company}, store: main-db, country: DE, holds_russian_personal_data: true, role: primary}}
#   # The regulator put the company on its list; the listed duties bind from this day:
#   - {{date: 2025-01-01, type: list_inclusion, company: {company}, country: RU, list: landing}}
#   # A demand from the regulator, and the day it was met (same `id` as `demand`):
#   - {{date: 2025-01-01T10:00:00+03:00, type: demand, company: {company}, id: demand-1, kind: takedown, items: 1}}
#   - {{date: 2025-01-02T09:00:00+03:00, type: demand_met, company: {company}, demand: demand-1}}
"""


def template(lang: str) -> str:
    """The template's text with its comments in ``lang``: ``locale/<lang>/init-template.yaml``
    beside the message catalogue (the same data, the comments translated), else English."""
    from landfall.i18n import LOCALE

    translated = LOCALE / lang / "init-template.yaml"
    return translated.read_text(encoding="utf-8") if translated.is_file() else TEMPLATE


def render_template(company: str, file: str, today: dt.date, lang: str = "en") -> str:
    """The template for ``company``, checked by the facts loader before anyone sees it (a
    company id that is not a slug is the loader's diagnostic, naming ``--company``)."""
    from landfall.facts import parse_facts

    text = template(lang).format(company=company, file=file, today=today.isoformat())
    try:
        parse_facts(text, name="--company")
    except InputError as e:
        raise InputError(
            Diagnostic(
                "invalid-id",
                f"--company {company!r} is not a company id",
                Where(field="--company"),
                "ids are slugs: lowercase letters, digits and '-', e.g. --company acme",
            )
        ) from e
    return text


def write_new(target: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``target`` whole or not at all; an existing file is kept unless
    ``force`` (a person's filled-in facts are not overwritten by a template)."""
    if target.exists() and not force:
        raise InputError(
            Diagnostic(
                "file-exists",
                "the file exists",
                Where(str(target)),
                "choose another --out, or add --force to replace it",
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
