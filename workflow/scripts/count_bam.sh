#!/usr/bin/env bash
# Every light pass over one sample's BAM, in one job: samtools QC (stats, flagstat,
# idxstats into QCDIR/<sample>.{stats,flagstat,idxstats}.txt, the sample being QCDIR's
# name), then featureCounts for each strand setting (0 unstranded, 1 forward,
# 2 reverse) so the library type can be read off the data. Whether the reads are paired
# is read off the BAM too (flagstat's "paired in sequencing"), in this job rather than
# while the DAG is built, so featureCounts counts fragments, not reads, of paired data
# whichever route (STAR or a user's BAM) wrote it.
# featureCounts writes OUTDIR/s{0,1,2}.txt, each with its .summary beside it.
#   count_bam.sh BAM GTF THREADS QCDIR OUTDIR [featureCounts options]
set -euo pipefail
bam=$1 gtf=$2 threads=$3 qcdir=$4 outdir=$5
shift 5
mkdir -p "$qcdir" "$outdir"
qc="$qcdir/$(basename "$qcdir")"
stats="$qc.stats.txt" flagstat="$qc.flagstat.txt" idxstats="$qc.idxstats.txt"
samtools stats "$bam" > "$stats"
samtools flagstat "$bam" > "$flagstat"
samtools idxstats "$bam" > "$idxstats"
paired=()
if awk '/paired in sequencing/ && $1 + $3 > 0 {found = 1} END {exit !found}' "$flagstat"; then
  paired=(-p --countReadPairs)
fi
echo "paired-end: ${paired[*]:-no}"
for s in 0 1 2; do
  featureCounts -T "$threads" -s "$s" "${paired[@]}" -a "$gtf" -o "$outdir/s$s.txt" "$@" "$bam"
done
