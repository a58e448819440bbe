"""A static, offline HTML site of the executed notebooks: `make site`.

site/index.html lists each notebook with the question it answers, a link to its page and
links to its figure files (copied from figures/ into site/figures/: PDF, SVG, PNG, CSV,
JSON). Each page is nbconvert's lab template (what Lab shows, read without installing
anything) with no script from a CDN, figures at their display width and alt text from their
captions (`helpers/publish/site_template/`). Formulas are typeset by MathJax 2 from the pinned
`jupyter-server-mathjax` package (in `requirements-lab.lock`), copied into site/mathjax/:
`make site` passes its folder from `.venv-lab` (`--mathjax DIR`); without it, the build stops. nbconvert rather than Jupyter Book: the notebooks are
already executed and committed, so a site is one export per notebook plus an index, with no
second build system and no extra pinned packages. No dates: two builds give the same bytes.

Usage: python -m helpers.publish.site --mathjax DIR [--out site]
"""
from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from .. import paths
from . import notebooks

SITE_DIR = paths.PROJECT_ROOT / "site"
TEMPLATE = "site_template"  # a folder beside this module
# A link from one notebook to another (`[01 · Readability](01_readability.ipynb)`) goes to its page.
NOTEBOOK_LINK = re.compile(r'href="(\d\d[a-z]?_[^"/#]*)\.ipynb')
# The combined configuration jupyter-server-mathjax ships (and serves Lab), plus the Safe extension.
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
MATHJAX_SKIP = ("localization", "*.md")  # English is built into MathJax.js
QUESTION = re.compile(r"\*\*Question\.\*\*\s*(.+?)(?:\n\s*\n|\Z)", re.S)
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>text-notebooks</title>
<style>
body {{ font-family: sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
li {{ margin-bottom: 1.2em; }}
.files a {{ margin-right: 0.6em; }}
</style>
</head>
<body>
<h1>text-notebooks</h1>
<p>The executed notebooks, read in order. Each figure's files (PDF, SVG, PNG, the numbers
plotted as CSV, provenance as JSON) are in <code>figures/</code>.</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def title_and_question(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The first heading and the **Question.** paragraph of a notebook's first markdown cell."""
    first = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    heading = next((line.lstrip("# ").strip() for line in first.splitlines() if line.startswith("#")), "")
    question = QUESTION.search(first)
    return heading, question.group(1).strip() if question else ""


def figure_files(name: str, figures: list[Path]) -> list[Path]:
    """The figure files that notebook `name` writes (they share its two-digit prefix)."""
    return [f for f in figures if f.name[:3] == name[:3]]


def index_item(name: str, notebook: nbformat.NotebookNode, figures: list[Path]) -> str:
    heading, question = title_and_question(notebook)
    links = " ".join(f'<a href="figures/{html.escape(f.name)}">{html.escape(f.name)}</a>'
                     for f in figure_files(name, figures))
    return (f'<li id="{html.escape(Path(name).stem)}"><a href="{html.escape(Path(name).stem)}.html">'
            f"<strong>{html.escape(heading or name)}</strong></a>\n{markdown2html_mistune(question)}"
            f'<div class="files">{links}</div></li>')


def build(sources: list[Path], figures_dir: Path, out_dir: Path, mathjax: Path) -> None:
    """Write the site to `out_dir`, replacing it only when complete; `mathjax` is MathJax's folder."""
    exporter = HTMLExporter(extra_template_basedirs=[str(Path(__file__).parent)], template_name=TEMPLATE,
                            mathjax_url=MATHJAX_URL)
    figures = sorted(p for p in figures_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=out_dir.parent) as scratch:
        site = Path(scratch) / "site"
        (site / "figures").mkdir(parents=True)
        items = []
        for source in sources:
            notebook = nbformat.read(source, as_version=4)
            body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": source.stem}})
            body = NOTEBOOK_LINK.sub(r'href="\1.html', body)
            (site / f"{source.stem}.html").write_text(body, encoding="utf-8")
            items.append(index_item(source.name, notebook, figures))
        for figure in figures:
            shutil.copyfile(figure, site / "figures" / figure.name)
        shutil.copytree(mathjax, site / "mathjax", ignore=shutil.ignore_patterns(*MATHJAX_SKIP))
        (site / "index.html").write_text(PAGE.format(items="\n".join(items)), encoding="utf-8")
        shutil.rmtree(out_dir, ignore_errors=True)
        site.rename(out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.publish.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITE_DIR, help="output folder (default: site/)")
    parser.add_argument("--mathjax", type=Path, required=True, metavar="DIR",
                        help="MathJax 2's folder (jupyter-server-mathjax's static/, as make site passes it)")
    parser.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--figures", type=Path, default=paths.FIGURES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sources = notebooks.notebook_paths(args.notebooks)
    if not sources:
        print(f"site: no notebooks in {args.notebooks}", file=sys.stderr)
        return 1
    if not (args.mathjax / "MathJax.js").is_file():
        print(f"site: {args.mathjax}: no MathJax.js (make site takes it from .venv-lab's jupyter-server-mathjax)",
              file=sys.stderr)
        return 1
    build(sources, args.figures, args.out, args.mathjax)
    print(f"site: {len(sources)} pages and {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
