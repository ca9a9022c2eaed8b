"""The parts of ``cleaner eval``, one job a module; :mod:`cleaner.evaluate` is the entrance.

- :mod:`.datasets`: dataset layouts, sources (a folder of dataset folders), pages and truth
- :mod:`.tools`: the extractors and converters run on each page, and what they need installed
- :mod:`.running`: running every tool on every page, timed, in worker processes
- :mod:`.figures`: the figures of a source: scores per tool, harm count, wrong-region count
- :mod:`.output`: the table, ``--worst``, ``--csv``, ``--json``, ``--texts``
"""
