"""Unit tests of tenseq.inputs, one file per module."""
