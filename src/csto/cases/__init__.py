"""History as a conformance suite: documented episodes replayed through the law engine.

An episode (``episode.py``) is a documented piece of history — its facts are events of the
curated record — with the actions as they happened, what history did at each step, what
the engine must say, and counterfactuals. ``conformance.py`` replays the steps under every
interpretation profile, every reading the verdict depends on, and every rule variant
(``variants.py``), and classifies each step: it *conforms*, history *departed* from a named
rule, or it is *contested* (the verdict turns on a reading; the case shows which reading
history followed). A disagreement with the expectation is the engine being wrong, and fails
the tests. No I/O here: files are read by ``csto.io.casefiles``.
"""
