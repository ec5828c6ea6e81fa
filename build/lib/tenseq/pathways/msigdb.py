"""MSigDB collections through gseapy's client, fetched once and cached with a checksum.

Mouse data get the mouse-native MSigDB collections (MH, M2, M5: Castanza et al.
2023, Nat Methods 20:1619), human data the human ones (H, C2, C5). Friendly
names map to the per-species category; any raw category name (e.g.
``m2.cp.wikipathways``) is passed through.
"""

from __future__ import annotations

from pathlib import Path

from tenseq.pathways.fetch import Cached, fetch_once
from tenseq.pathways.genesets import read_gmt

ALIASES = {
    "hallmark": {"mouse": "mh.all", "human": "h.all"},
    "reactome": {"mouse": "m2.cp.reactome", "human": "c2.cp.reactome"},
    "go_bp": {"mouse": "m5.go.bp", "human": "c5.go.bp"},
}
SPECIES_SUFFIX = {"mouse": "Mm", "human": "Hs"}


def category(name: str, species: str) -> str:
    """MSigDB category file stem for a friendly name or a raw category."""
    if name in ALIASES:
        return ALIASES[name][species]
    return name


def release(version: str, species: str) -> str:
    """MSigDB release directory, e.g. ``2024.1.Mm``."""
    return f"{version}.{SPECIES_SUFFIX[species]}"


def gmt_text(sets: dict[str, list[str]], source: str) -> str:
    """GMT lines with the source URL as description, sets in name order."""
    return "".join(f"{name}\t{source}\t" + "\t".join(sets[name]) + "\n" for name in sorted(sets))


def fetch_gmt(cat: str, dbver: str, base_url: str | None = None) -> str:
    """Download one collection (gene symbols) with gseapy's MSigDB client."""
    from gseapy import Msigdb

    client = type("Client", (Msigdb,), {"url": base_url}) if base_url else Msigdb
    sets = client.get_gmt(category=cat, dbver=dbver)
    if not sets:
        raise OSError(f"MSigDB has no {cat} in release {dbver}")
    return gmt_text(sets, f"MSigDB {dbver} {cat}")


def obtain(
    name: str,
    species: str,
    version: str,
    cache_dir: str | Path,
    *,
    base_url: str | None = None,
    timeout: float = 30.0,
) -> Cached:
    """The collection's GMT from the cache, or fetched into it; ``path`` None if offline."""
    cat = category(name, species)
    dbver = release(version, species)
    path = Path(cache_dir) / "msigdb" / f"{cat}.v{dbver}.symbols.gmt"
    return fetch_once(
        path,
        lambda: fetch_gmt(cat, dbver, base_url),
        what=f"MSigDB {cat} {dbver}",
        timeout=timeout,
        check=read_gmt,
    )
