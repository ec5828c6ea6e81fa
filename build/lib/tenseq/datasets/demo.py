"""Seeded demo experiment: a small mouse-like genome and RNA-seq of naive vs TEN neutrophils.

The genome carries ~340 real mouse genes (``tenseq/data/demo_genes.tsv``) with
random sequence, exon structure and strand. Fragment counts per gene and
sample are drawn from a negative binomial around planted condition effects,
then turned into paired-end (or single-end) reads from the spliced transcripts
with a stranded (dUTP) protocol, sequencing errors and some adapter read-through.
The truth (counts per gene and sample, planted log2 fold changes) is written
next to the data so every stage of the pipeline can be checked against it.

Usage: ``python -m tenseq.datasets.demo OUTDIR [--seed N] [--single-end]
[--conditions naive=3,TEN=3]``
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20110913  # Granot et al. 2011 appeared in Cancer Cell in September 2011
ADAPTER_R1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"
ADAPTER_R2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
_COMP = np.frombuffer(bytes.maketrans(b"ACGT", b"TGCA"), dtype=np.uint8)
_BASES = np.frombuffer(b"ACGT", dtype=np.uint8)

# TEN vs naive log2 fold changes planted in the demo (Granot et al. 2011: TENs up-regulate
# the H2O2-producing NADPH oxidase; CCL2/G-CSF entrainment acts through Ccr2/Csf3r).
PLANTED_LFC: dict[str, float] = {
    "Cybb": 1.4, "Cyba": 1.0, "Ncf1": 1.5, "Ncf2": 1.2, "Ncf4": 1.0, "Rac2": 1.1,
    "Mpo": 0.8, "Ccr2": 1.0, "Csf3r": 0.8, "Isg15": 1.2, "Ifit1": 1.3, "Ifit3": 1.1,
    "Rsad2": 1.4, "Irf7": 0.9, "Stat1": 0.7, "Socs3": 0.9, "Icam1": 0.8, "Cd274": 1.0,
    "Serpine1": -0.7, "Smad7": -0.6, "Tgfbi": -0.8, "Pmepa1": -0.7, "Skil": -0.5,
    "Cxcr4": -1.5, "Ltf": -2.0, "Camp": -1.8, "Ngp": -1.6, "Chil3": -1.2, "Retnlg": -1.0,
    "Ptgs2": -1.3,
}  # fmt: skip


KILLING_PROGRAM = ("Cybb", "Cyba", "Ncf1", "Ncf2", "Ncf4", "Rac2")

# Ligand responses planted in the TENs, taken from SecAct (Ru et al. 2025) so that the
# demo's inference, which uses CytoSig (Jiang et al. 2021), is not circular: a driver
# (IFN-gamma raises the NADPH oxidase: Ezekowitz et al. 1988, N Engl J Med 319:146) up,
# and a suppressor (TGF-beta1, which blocks TEN killing at the primary tumor in Granot
# et al. 2011) down. Sign: +1 response higher in TENs, -1 lower.
PLANTED_LIGANDS: dict[str, float] = {"IFNG": 1.0, "TGFB1": -1.0}
PLANTED_MIN_LFC = 0.5  # smaller planted effects are not boosted nor counted as planted
RESPONSE_SCALE = 0.2  # log2 fold change per standard deviation of the planted response
RESPONSE_TOP_GENES = 150  # per planted ligand, its strongest genes join the demo genome
RESPONSE_BACKGROUND_GENES = 300  # other signature genes, at random: the regression's background


def ligand_response(
    seed: int,
    *,
    plants: Mapping[str, float] = PLANTED_LIGANDS,
    scale: float = RESPONSE_SCALE,
    n_top: int = RESPONSE_TOP_GENES,
    n_background: int = RESPONSE_BACKGROUND_GENES,
) -> pd.Series:
    """Planted log2 fold changes (mouse symbols) of SecAct ligand responses.

    SecAct's signatures share a common component (most of them were learned
    from the same tissues); it is removed by centring each gene over the
    ligands that CytoSig also covers, after z-scoring each signature. The
    response is the signed sum of the planted ligands' columns, over genes that
    both sources measure, scaled to log2 fold changes. Kept: each planted
    ligand's ``n_top`` strongest genes and ``n_background`` other genes drawn
    with ``seed``. Human symbols are re-cased to mouse (IFIT1 -> Ifit1).
    """
    from tenseq.ligands import signatures as ligands

    secact, cytosig = ligands.load_signature("secact"), ligands.load_signature("cytosig")
    covered = set(ligands.ligand_symbols(list(cytosig.columns), ligands.curated_ligands()).values())
    shared = sorted(covered & set(secact.columns))
    genes = secact.index.intersection(cytosig.index)
    z = secact.loc[:, shared]
    z = (z - z.mean()) / z.std()
    z = z.sub(z.mean(axis=1), axis=0).loc[genes]
    response = sum(sign * z[ligand] for ligand, sign in plants.items())
    top = set()
    for ligand in plants:
        top |= set(z[ligand].abs().nlargest(n_top).index)
    rest = sorted(set(genes) - top)
    rng = np.random.default_rng(seed)
    chosen = sorted(top) + sorted(rng.choice(rest, size=n_background, replace=False))
    lfc = (scale * response.loc[chosen]).round(3)
    lfc.index = [g.capitalize() for g in chosen]
    return lfc[~lfc.index.duplicated()]


def simulate_killing(samples: pd.DataFrame, lfc: pd.DataFrame, *, seed: int) -> pd.Series:
    """Per-sample % tumor-cell killing driven by the NADPH oxidase program.

    Mirrors the H2O2-dependent killing of Granot et al. 2011: 8% plus 12 points
    per log2 unit of the program's planted mean fold change in the sample's
    condition, plus sample-to-sample variation (sd 1.5 points), rounded to 0.1.
    Independent of sequencing depth, so the sheet is the same at any demo size.
    """
    rng = np.random.default_rng(seed)
    program = lfc["gene_name"].isin(KILLING_PROGRAM).to_numpy()
    columns = [c for c in lfc.columns if c.startswith("log2fc")]
    levels = list(dict.fromkeys(samples["condition"]))
    per_condition = {levels[0]: 0.0}
    for level, column in zip(levels[1:], columns, strict=False):
        per_condition[level] = float(lfc.loc[program, column].mean())
    mean = samples["condition"].map(per_condition).to_numpy(float)
    killing = 8 + 12 * mean + rng.normal(0, 1.5, size=len(samples))
    return pd.Series(np.clip(killing, 0, 100).round(1), index=samples["sample"].to_numpy())


@dataclass(frozen=True)
class DemoTruth:
    """Where the demo was written and what was planted in it."""

    outdir: Path
    samples: pd.DataFrame
    genes: pd.DataFrame
    counts: pd.DataFrame  # genes x samples, fragments simulated per gene
    lfc: pd.DataFrame  # gene_id, gene_name, log2fc (per condition), is_planted


def demo_genes() -> pd.DataFrame:
    """The curated gene list shipped with tenseq (symbol, group)."""
    text = importlib.resources.files("tenseq").joinpath("data/demo_genes.tsv")
    with text.open() as handle:
        return pd.read_csv(handle, sep="\t", comment="#")


def _layout(genes: pd.DataFrame, rng: np.random.Generator) -> tuple[dict[str, str], pd.DataFrame]:
    """Place genes with exons on 5 autosomes and MT; return (chromosomes, exon table)."""
    chrom_of = np.where(
        genes["group"] == "mito", "MT", rng.choice(["1", "2", "3", "4", "5"], size=len(genes))
    )
    order = rng.permutation(len(genes))
    pieces: dict[str, list[np.ndarray]] = {}
    cursor: dict[str, int] = {}
    exons = []
    for i in order:
        chrom = chrom_of[i]
        mito = chrom == "MT"
        n_exons = 1 if mito else int(rng.integers(2, 6))
        spliced = int(rng.integers(900, 2400))
        cuts = np.sort(rng.choice(np.arange(100, spliced - 100), size=n_exons - 1, replace=False))
        lengths = np.diff(np.concatenate([[0], cuts, [spliced]]))
        pos = cursor.get(chrom, 0) + int(rng.integers(300 if mito else 800, 600 if mito else 3000))
        blocks = []
        for j, length in enumerate(lengths):
            blocks.append((pos + 1, pos + int(length)))
            pos += int(length)
            if j < len(lengths) - 1:
                pos += int(rng.integers(150, 1500))
        cursor[chrom] = pos
        strand = "+" if rng.random() < 0.5 else "-"
        for number, (start, end) in enumerate(blocks, start=1):
            exons.append((genes.index[i], chrom, start, end, strand, number))
        pieces.setdefault(chrom, [])
    chroms = {}
    for chrom in ["1", "2", "3", "4", "5", "MT"]:
        length = cursor.get(chrom, 0) + 1500
        gc = rng.random(length) < 0.42
        seq = np.where(
            gc,
            rng.choice(np.frombuffer(b"GC", np.uint8), length),
            rng.choice(np.frombuffer(b"AT", np.uint8), length),
        ).astype(np.uint8)
        chroms[chrom] = seq.tobytes().decode()
    table = pd.DataFrame(exons, columns=["gene_id", "chrom", "start", "end", "strand", "exon"])
    return chroms, table


def _transcript(chroms: Mapping[str, str], exons: pd.DataFrame) -> str:
    seq = "".join(chroms[r.chrom][r.start - 1 : r.end] for r in exons.itertuples())
    if exons["strand"].iat[0] == "-":
        seq = seq.translate(str.maketrans("ACGT", "TGCA"))[::-1]
    return seq


def simulate_counts(
    genes: pd.DataFrame,
    conditions: Mapping[str, int],
    *,
    seed: int,
    fragments_per_sample: int,
    batches: int = 1,
    extra_lfc: Mapping[str, float] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """True fragment counts (genes x samples), the sample table and the planted log2 FCs.

    The first condition is the reference. The second gets :data:`PLANTED_LFC`
    (plus ``extra_lfc`` by symbol); any further condition gets half of them.
    Counts are negative binomial with dispersion 0.005 + 0.2/mean (inbred mice,
    sorted cells) around library-size-scaled means; planted genes are kept
    well expressed so a 3 vs 3 comparison recovers their fold change. Genes
    count as planted (``is_planted``) from an effect of :data:`PLANTED_MIN_LFC`;
    smaller effects (the tails of the planted ligand responses) are in the
    truth table but not boosted.
    """
    rng = np.random.default_rng(seed)
    names = list(conditions)
    planted = dict(PLANTED_LFC)
    planted.update(extra_lfc or {})
    symbols = genes["gene_name"]
    base = rng.lognormal(mean=0.0, sigma=1.4, size=len(genes))
    effects = symbols.map(planted).fillna(0.0).to_numpy()
    is_planted = np.abs(effects) >= PLANTED_MIN_LFC
    base[is_planted] = np.maximum(base[is_planted], np.quantile(base, 0.75)) * 1.5
    if "group" in genes:  # neutrophils express their cytokine and chemokine receptors
        receptor = (genes["group"] == "receptor").to_numpy() & ~is_planted
        base[receptor] = np.maximum(base[receptor], np.quantile(base, 0.5))
    base[(genes["biotype"] == "Mt_protein_coding").to_numpy()] *= 4
    weights = base / base.sum()
    lfc = pd.DataFrame({"gene_id": genes.index, "gene_name": symbols.to_numpy()})
    for k, cond in enumerate(names[1:], start=1):
        lfc[f"log2fc_{cond}" if k > 1 else "log2fc"] = effects * (1.0 if k == 1 else 0.5)
    lfc["is_planted"] = is_planted
    rows, columns = [], {}
    batch_shift = rng.normal(0, 0.3, size=(batches, len(genes)))
    n = 0
    for k, cond in enumerate(names):
        shift = 0.0 if k == 0 else effects * (1.0 if k == 1 else 0.5)
        for rep in range(1, conditions[cond] + 1):
            n += 1
            sample = f"{cond}_{rep}"
            batch = (rep - 1) % batches
            size_factor = rng.uniform(0.8, 1.25)
            log_mu = np.log2(weights * fragments_per_sample * size_factor) + shift
            mu = 2 ** (log_mu + (batch_shift[batch] if batches > 1 else 0.0))
            dispersion = 0.005 + 0.2 / np.maximum(mu, 1e-3)
            shape = 1 / dispersion
            columns[sample] = rng.poisson(rng.gamma(shape, mu / shape))
            rows.append(
                {
                    "sample": sample,
                    "condition": cond,
                    "batch": f"b{batch + 1}",
                    "replicate": str(rep),
                }
            )
    counts = pd.DataFrame(columns, index=genes.index)
    counts.index.name = "gene_id"
    return counts, pd.DataFrame(rows), lfc


def _reads(
    tx_seqs: list[str],
    counts: np.ndarray,
    rng: np.random.Generator,
    *,
    read_length: int,
    library: str,
    error_rate: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Read 1 and read 2 sequences (uint8 arrays, n x read_length) for one sample."""
    joined = "".join(tx_seqs)
    sense = np.frombuffer(joined.encode(), dtype=np.uint8)
    anti = _COMP[sense][::-1]
    total = len(sense)
    offsets = np.cumsum([0] + [len(s) for s in tx_seqs[:-1]])
    lengths = np.array([len(s) for s in tx_seqs])
    tx = np.repeat(np.arange(len(tx_seqs)), counts)
    rng.shuffle(tx)
    n = len(tx)
    frag = np.clip(rng.normal(250, 40, n).astype(int), read_length + 10, None)
    short = rng.random(n) < 0.02
    frag[short] = rng.integers(40, read_length, short.sum())
    frag = np.minimum(frag, lengths[tx])
    start = offsets[tx] + (rng.random(n) * (lengths[tx] - frag + 1)).astype(int)
    cols = np.arange(read_length)
    fwd_idx = np.minimum(start[:, None] + cols, total - 1)
    rev_start = total - (start + frag)
    rev_idx = np.minimum(rev_start[:, None] + cols, total - 1)
    first, second = sense[fwd_idx], anti[rev_idx]  # read from the fragment's 5' / 3' ends
    # adapter read-through for fragments shorter than a read
    within = cols[None, :] < frag[:, None]
    ad1 = np.frombuffer((ADAPTER_R1 * 4).encode(), np.uint8)[:read_length]
    ad2 = np.frombuffer((ADAPTER_R2 * 4).encode(), np.uint8)[:read_length]
    pos = np.clip(cols[None, :] - frag[:, None], 0, read_length - 1)
    if library == "reverse":
        flip = np.ones(n, bool)
    elif library == "forward":
        flip = np.zeros(n, bool)
    else:
        flip = rng.random(n) < 0.5
    r1 = np.where(flip[:, None], second, first)
    r2 = np.where(flip[:, None], first, second)
    r1 = np.where(within, r1, ad1[pos])
    r2 = np.where(within, r2, ad2[pos])
    for reads in (r1, r2):
        errors = rng.random(reads.shape) < error_rate
        reads[errors] = rng.choice(_BASES, errors.sum())
    return r1, r2


def _write_fastq(path: Path, sample: str, reads: np.ndarray, mate: int) -> None:
    qual = b"F" * reads.shape[1]
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=4, filename="") as out,
    ):
        lines = []
        for i, seq in enumerate(reads, start=1):
            lines.append(
                b"@%s:%d/%d\n%s\n+\n%s\n" % (sample.encode(), i, mate, seq.tobytes(), qual)
            )
            if len(lines) == 20000:
                out.write(b"".join(lines))
                lines = []
        out.write(b"".join(lines))


def _gtf_lines(genes: pd.DataFrame, exons: pd.DataFrame) -> list[str]:
    lines = ["#!genome-build tenseq-demo", "#!annotation-source simulated by tenseq.datasets.demo"]
    for gene_id, ex in exons.groupby("gene_id", sort=False):
        info = genes.loc[gene_id]
        chrom, strand = ex["chrom"].iat[0], ex["strand"].iat[0]
        gene_attr = (
            f'gene_id "{gene_id}"; gene_name "{info.gene_name}"; gene_biotype "{info.biotype}";'
        )
        tx = f"{gene_id.replace('G', 'T', 1)}"
        tx_attr = (
            f'{gene_attr} transcript_id "{tx}"; transcript_name "{info.gene_name}-201"; '
            f'transcript_biotype "{info.biotype}";'
        )
        start, end = ex["start"].min(), ex["end"].max()
        lines.append(f"{chrom}\ttenseq\tgene\t{start}\t{end}\t.\t{strand}\t.\t{gene_attr}")
        lines.append(f"{chrom}\ttenseq\ttranscript\t{start}\t{end}\t.\t{strand}\t.\t{tx_attr}")
        for r in ex.itertuples():
            lines.append(
                f"{chrom}\ttenseq\texon\t{r.start}\t{r.end}\t.\t{strand}\t.\t"
                f'{tx_attr} exon_number "{r.exon}";'
            )
    return lines


def write_demo(
    outdir: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    paired: bool = True,
    conditions: Mapping[str, int] | None = None,
    batches: int = 1,
    fragments_per_sample: int = 150_000,
    read_length: int = 75,
    library: str = "reverse",
    error_rate: float = 0.002,
    extra_lfc: Mapping[str, float] | None = None,
    plant_ligands: bool = True,
) -> DemoTruth:
    """Write genome.fa, genes.gtf, reads/, samples.tsv and the truth tables to ``outdir``.

    With ``plant_ligands`` the genome also carries the genes of the SecAct
    responses in :data:`PLANTED_LIGANDS`, planted in the TENs (:func:`ligand_response`).

    Paths in samples.tsv are ``outdir`` (as given) joined with ``reads/...``, so a
    relative ``outdir`` gives paths relative to where the pipeline runs.
    """
    if library not in ("reverse", "forward", "unstranded"):
        raise ValueError(f"library must be reverse, forward or unstranded, not {library!r}")
    conditions = dict(conditions or {"naive": 3, "TEN": 3})
    out = Path(outdir)
    (out / "reads").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    curated = demo_genes()
    response = ligand_response(seed + 3) if plant_ligands else pd.Series(dtype=float)
    extra = [g for g in response.index if g not in set(curated["symbol"])]
    curated = pd.concat(
        [curated, pd.DataFrame({"symbol": extra, "group": "ligand_response"})], ignore_index=True
    )
    response_lfc = {g: v for g, v in response.items() if g not in PLANTED_LFC}
    response_lfc.update(extra_lfc or {})
    genes = pd.DataFrame(
        {
            "gene_name": curated["symbol"].to_numpy(),
            "biotype": np.select(
                [curated["group"] == "mito", curated["group"] == "lncrna"],
                ["Mt_protein_coding", "lncRNA"],
                "protein_coding",
            ),
            "group": curated["group"].to_numpy(),
        },
        index=pd.Index(
            [f"ENSMUSG{90000001 + i:011d}" for i in range(len(curated))], name="gene_id"
        ),
    )
    chroms, exons = _layout(genes, rng)
    with open(out / "genome.fa", "w") as fasta:
        for chrom, seq in chroms.items():
            fasta.write(f">{chrom}\n")
            fasta.writelines(seq[i : i + 60] + "\n" for i in range(0, len(seq), 60))
    (out / "genes.gtf").write_text("\n".join(_gtf_lines(genes, exons)) + "\n")
    tx_seqs = [_transcript(chroms, exons[exons["gene_id"] == g]) for g in genes.index]
    counts, samples, lfc = simulate_counts(
        genes,
        conditions,
        seed=seed + 1,
        fragments_per_sample=fragments_per_sample,
        batches=batches,
        extra_lfc=response_lfc,
    )
    fq1, fq2 = [], []
    for sample in samples["sample"]:
        r1, r2 = _reads(
            tx_seqs,
            counts[sample].to_numpy(),
            rng,
            read_length=read_length,
            library=library,
            error_rate=error_rate,
        )
        _write_fastq(out / "reads" / f"{sample}_R1.fastq.gz", sample, r1, 1)
        fq1.append(f"{outdir}/reads/{sample}_R1.fastq.gz")
        if paired:
            _write_fastq(out / "reads" / f"{sample}_R2.fastq.gz", sample, r2, 2)
            fq2.append(f"{outdir}/reads/{sample}_R2.fastq.gz")
        else:
            fq2.append("")
    samples["fq1"], samples["fq2"] = fq1, fq2
    samples["phenotype"] = simulate_killing(samples, lfc, seed=seed + 2).to_numpy()
    if batches == 1:
        samples = samples.drop(columns="batch")
    if not paired:
        samples = samples.drop(columns="fq2")
    samples.to_csv(out / "samples.tsv", sep="\t", index=False)
    truth = counts.copy()
    truth.insert(0, "gene_name", genes["gene_name"])
    truth.to_csv(out / "truth_counts.tsv", sep="\t")
    lfc.to_csv(out / "truth_lfc.tsv", sep="\t", index=False)
    return DemoTruth(out, samples, genes, counts, lfc)


def _parse_conditions(text: str) -> dict[str, int]:
    pairs = (item.split("=") for item in text.split(","))
    return {name.strip(): int(n) for name, n in pairs}


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write the tenseq demo experiment.")
    parser.add_argument("outdir")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--single-end", action="store_true")
    parser.add_argument("--conditions", type=_parse_conditions, default={"naive": 3, "TEN": 3})
    parser.add_argument("--batches", type=int, default=1)
    parser.add_argument("--fragments", type=int, default=150_000)
    args = parser.parse_args(argv)
    truth = write_demo(
        args.outdir,
        seed=args.seed,
        paired=not args.single_end,
        conditions=args.conditions,
        batches=args.batches,
        fragments_per_sample=args.fragments,
    )
    print(
        f"[demo] {len(truth.samples)} samples x {len(truth.genes)} genes, "
        f"{int(truth.counts.sum().sum())} fragments -> {truth.outdir}"
    )


if __name__ == "__main__":
    main()
