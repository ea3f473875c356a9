"""The report: everything one run found, as one frozen value every reporter formats."""
