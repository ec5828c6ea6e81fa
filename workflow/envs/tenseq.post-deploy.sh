#!/usr/bin/env bash
# Run by Snakemake inside the new tenseq environment (--sdm conda).
# secactpy declares numpy<2; its ridge/permutation code runs on the pinned numpy 2.
set -euo pipefail
pip install --no-deps secactpy==0.3.1
# CytoSig: its expanded signature only (ligands source cytosig_expand), without its compiled dependency
pip install --no-deps CytoSig==0.0.3
