"""PDF documents in Arabic, French and English (fpdf2, shaped by HarfBuzz; docs/decisions)."""
