"""Recruiting: requisitions, candidates, the pipeline and the talent pool."""
