"""Adopting the gate on a legacy repository: baselines, finding fingerprints, changed lines.

``fingerprint`` is the one place that says when two findings are "the same finding" (SARIF
``partialFingerprints``, GitLab Code Quality fingerprints and baseline files all use it);
``model`` reads and writes baseline files; ``compare`` gates a report against a baseline;
``changed_lines`` narrows findings to the lines changed since a git ref.
"""
