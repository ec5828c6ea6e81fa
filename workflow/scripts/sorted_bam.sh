#!/usr/bin/env bash
# Bring a user's BAM into results/align: symlink it when it is coordinate-sorted,
# otherwise sort it (the user's file is never modified). Writes atomically.
set -euo pipefail
src=$1
dest=$2
threads=${3:-1}
mkdir -p "$(dirname "$dest")"
if samtools view -H -- "$src" | grep -q $'^@HD.*SO:coordinate'; then
  ln -sfn -- "$(realpath -- "$src")" "$dest"
  echo "linked coordinate-sorted $src"
else
  samtools sort -@ "$threads" -o "$dest.part.bam" -- "$src"
  mv -- "$dest.part.bam" "$dest"
  echo "sorted $src (header did not say SO:coordinate)"
fi
