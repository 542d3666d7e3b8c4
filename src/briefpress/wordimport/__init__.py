"""`briefpress import`: a Word manuscript (.docx) in, a brief folder (brief.md + figures/) out.

Stages, one module each, with frozen dataclasses between them:
package (open and validate the zip) -> convert (mammoth, docx -> HTML with a
style map) -> writer (HTML -> brief Markdown) -> frontmatter (YAML keys from
the document, its core properties and the --defaults file) -> output (write
the folder atomically).  hygiene reads the document XML itself, because
mammoth silently accepts tracked changes and drops comments, text boxes,
headers, footers and charts, and the writer has to hear about them.
"""

from .importer import ImportResult, import_docx

__all__ = ["ImportResult", "import_docx"]
