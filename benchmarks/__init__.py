"""Signoff's benchmarks: each measures Signoff beside a named reference and prints the ratio."""
