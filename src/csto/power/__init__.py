"""Voting power: exact a-priori indices of simple games, and the games the law makes.

``games`` (who plays and which coalitions win), ``counts`` and ``dynamic`` (the exact
counts every index needs, by enumeration or by dynamic programming over weights),
``indices`` (Shapley–Shubik, Banzhaf, Coleman, Deegan–Packel, Public Good as fractions).
Pure computation: no I/O.
"""
