"""Proofs of a finished PDF: `make_proof(pdf, out_dir, dpi, guides, layout, against)` -> ProofResult.

Writes into the output directory: page-NNN.png (every page, PDFium render,
guides drawn when asked), contact-sheet.png (reader spreads), index.html
(the proof report with the preflight), proof.json (how it was made, so a
later proof can be compared with it), and with `against` diff-NNN.png for
changed pages and diff.json (see diff.DiffSummary.as_dict).
"""

from __future__ import annotations

from .make import ProofResult, make_proof

__all__ = ["ProofResult", "make_proof"]
