"""Layer 2, pure: the organization on any date, as a fold over the record's events.

``History`` (in :mod:`csto.state.history`) answers "who/what was it on day D?" and "what
changed between D1 and D2?", explaining every answer by the events behind it.
"""
