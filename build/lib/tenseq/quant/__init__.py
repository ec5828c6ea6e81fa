"""Quantification: tool outputs (featureCounts, salmon, user matrices) to one count matrix."""
