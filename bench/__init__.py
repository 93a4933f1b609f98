"""Benchmarks: speed and memory figures, kept out of the unit tests.

``python -m bench`` runs every ``bench/bench_*.py`` module (or those named on the command
line: ``python -m bench record state``) and prints one line per figure: name, value, unit,
and the machine's CPU count. Each module exposes ``run() -> Iterable[Figure]``.
"""
