"""Benchmarks: run them by hand (``python -m bench.throughput``); they are not tests."""
