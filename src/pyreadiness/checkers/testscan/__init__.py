"""Static test discovery for the ``tests`` checker: which files are tests, what they hold.

Nothing here imports or runs the scanned repository: files are chosen by pytest's and
unittest's naming rules read from configuration, and test functions are counted on the
syntax tree (:mod:`ast`).
"""

CHECK_ID = "tests"
