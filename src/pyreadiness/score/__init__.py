"""Scoring: turn check results into pillar scores, an overall score, a grade and a gate."""
