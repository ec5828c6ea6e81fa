"""Pathway stage: gene-set collections, GSEA/ULM scoring, the cytotoxicity score."""
