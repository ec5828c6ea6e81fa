#!/usr/bin/env bash
# Put a reference file in place under results/reference: decompress .gz inputs,
# symlink plain ones (large genomes are not copied). Writes atomically.
set -euo pipefail
src=$1
dest=$2
mkdir -p "$(dirname "$dest")"
case "$src" in
  *.gz)
    gzip -dc -- "$src" > "$dest.part"
    mv -- "$dest.part" "$dest"
    ;;
  *)
    ln -sfn -- "$(realpath -- "$src")" "$dest"
    ;;
esac
echo "prepared $dest from $src"
