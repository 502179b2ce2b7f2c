"""Running the workbook: the pipeline of notebooks (papermill), its scheduler and content stamps, the
outputs folder that never mixes runs, the notebook strip, the HTML/PDF export, the Excel annex, batches."""

import sys

# nbformat validates notebooks with jsonschema, which imports rfc3987_syntax when it is installed
# (JupyterLab's jupyter-events asks for it) and so compiles 39 lark grammars, 1.4 s at every start
# of the runner, for the "iri" string formats that no notebook schema uses. Marking the module as
# absent makes jsonschema skip those two format checks; notebook validation is unchanged.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
