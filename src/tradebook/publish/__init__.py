"""What readers get: figures, tables, the briefing's pieces, the Excel annex, the HTML/PDF export and batch runs."""
