"""Layer 1, pure: the record of what happened, as frozen, dated, sourced events.

No I/O here: files are read by :mod:`csto.io.recordfiles`; this package decodes plain data,
checks it, and holds it.
"""
