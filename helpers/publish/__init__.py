"""Publishing the analyses: executing notebooks reproducibly (`notebooks`), student and solution
copies (`classroom`), the static offline site (`site`) and JupyterLab's save hooks (`lab`).
None of it can change a number: the corpus cache leaves this folder out of its code hash."""
