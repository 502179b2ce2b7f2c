"""Running the workbook: the pipeline of notebooks (papermill), its scheduler and content stamps, the
outputs folder that never mixes runs, the notebook strip, the HTML/PDF export, the Excel annex, batches."""
