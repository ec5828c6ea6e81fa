# R DESeq2 results for one golden set.
# Usage: Rscript make_golden.R counts.tsv coldata.tsv "<design>" variable target reference out.tsv
# counts.tsv: genes x samples; coldata.tsv: samples x factors. Every gene is kept (DESeq2's
# default universe: all-zero genes come back NA), DESeq() defaults, results(alpha = 0.1).
suppressPackageStartupMessages(library(DESeq2))
args <- commandArgs(trailingOnly = TRUE)
counts <- as.matrix(read.delim(args[1], row.names = 1, check.names = FALSE))
coldata <- read.delim(args[2], row.names = 1, colClasses = "character")
variable <- args[4]
for (factor in colnames(coldata)) {
  levels <- sort(unique(coldata[[factor]]))
  if (factor == variable) levels <- c(args[6], setdiff(levels, args[6]))
  coldata[[factor]] <- factor(coldata[[factor]], levels = levels)
}
dds <- DESeqDataSetFromMatrix(counts[, rownames(coldata)], coldata, design = as.formula(args[3]))
dds <- DESeq(dds, quiet = TRUE)
res <- results(dds, contrast = c(variable, args[5], args[6]), alpha = 0.1)
out <- data.frame(gene_id = rownames(res), baseMean = res$baseMean,
                  log2FoldChange = res$log2FoldChange, lfcSE = res$lfcSE, stat = res$stat,
                  pvalue = res$pvalue, padj = res$padj, dispersion = dispersions(dds))
write.table(format(out, digits = 8), args[7], sep = "\t", quote = FALSE, row.names = FALSE)
