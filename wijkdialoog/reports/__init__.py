"""Reports: the analysis assembled into files (HTML, PDF, Excel, CSV, JSON)."""
