"""Write the sample PDF the README's `kb draft` walk-through reads.

    python scripts/make_sample_pdf.py [OUT.pdf] [--version 2025-08-14]

It lays out the bundled text of IF10578@VERSION as CRS In Focus PDFs are laid out (two columns,
running header with the crsreports.congress.gov URL, footer with product number and page,
hyphenated line ends); reportlab is a test dependency (pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.store.paths import seeds_dir  # noqa: E402
from scripts.sample_inputs import make_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("IF10578_2025-08-14.pdf"))
    parser.add_argument("--version", default="2025-08-14")
    args = parser.parse_args()
    text = (seeds_dir() / "reports" / "IF10578" / f"{args.version}.txt").read_text("utf-8")
    make_pdf(text, args.out, "IF10578")
    print(args.out)


if __name__ == "__main__":
    main()
