"""One Jinja2 setup for the dashboard's pages and the reports."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from landfall import i18n, labels
from landfall.render import money


def jinja_environment(package: str) -> Environment:
    """Templates from ``package``'s ``templates`` folder, HTML autoescaped, with ``money``."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    # every readable answer comes from landfall.labels, as in the CLI
    env.filters["verdict"] = labels.verdict_label
    env.filters["verdict_class"] = labels.verdict_class
    env.filters["obligation_label"] = labels.obligation_label
    env.filters["enforcement"] = labels.enforcement_label
    env.filters["applies"] = labels.applies_label
    env.filters["words"] = labels.value_label
    env.filters["fines_summary"] = lambda fines: labels.tally_sentence(labels.tally(fines))
    env.filters["needs_summary"] = labels.needs_sentence
    env.filters["status"] = labels.status_word
    env.filters["parameter_status"] = labels.parameter_status
    env.filters["name"] = labels.display_name
    env.filters["because"] = i18n.because
    env.globals["Caveats"] = labels.Caveats
    # the language in use is read at render time (one request, one report), so one
    # environment serves every language
    env.globals["_"] = i18n.tr
    env.globals["ngettext"] = i18n.plural
    return env
