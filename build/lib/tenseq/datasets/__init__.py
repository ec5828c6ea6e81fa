"""Seeded data: the demo experiment and toy count matrices for tests."""
