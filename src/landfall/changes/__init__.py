"""What changes when the law changes, and what falls due next.

- :mod:`~landfall.changes.law`: the rulebooks' dated parameter values taking effect in an
  interval (old and new value, citation, sources, the rules that read them);
- :mod:`~landfall.changes.dates` and :mod:`~landfall.changes.versions`: the conclusions that
  differ between two days, or between two versions of a rulebook, each with its reasons
  (:mod:`~landfall.changes.diff`);
- :mod:`~landfall.changes.calendar` and :mod:`~landfall.changes.ics`: the compliance calendar
  and its iCalendar export.
"""
