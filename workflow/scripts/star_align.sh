#!/usr/bin/env bash
# Align one sample with STAR into a coordinate-sorted, indexed BAM. STAR writes its logs
# into the directory of LOG_FINAL (its Log.final.out, read by MultiQC); the BAM is moved
# from there to BAM and indexed in the same job. A run killed mid-alignment leaves STAR's
# temp dir, which STAR refuses to reuse, so it is removed first; gzip -dcf passes plain
# (uncompressed) FASTQ through unchanged.
#   star_align.sh THREADS INDEX LOG_FINAL BAM R1 [R2] [-- STAR options]
set -euo pipefail
threads=$1 index=$2 outdir=$(dirname "$3") bam=$4
shift 4
fastq=()
while (($#)) && [[ $1 != -- ]]; do
  fastq+=("$1")
  shift
done
(($#)) && shift  # the --
rm -rf "$outdir/_STARtmp"
STAR --runThreadN "$threads" \
  --genomeDir "$index" --readFilesIn "${fastq[@]}" --readFilesCommand gzip -dcf \
  --outSAMtype BAM SortedByCoordinate --outSAMattributes NH HI AS nM \
  --outSAMunmapped None --outFileNamePrefix "$outdir/" \
  --outTmpDir "$outdir/_STARtmp" "$@"
mv "$outdir/Aligned.sortedByCoord.out.bam" "$bam"
samtools index "$bam"
