"""Suppressions: findings a repository has accepted, with a reason and an expiry date.

``model`` holds the values, ``parse`` reads them from ``[tool.pyreadiness]``, ``apply``
moves matching findings out of the list to fix and into the report's suppressions.
"""
