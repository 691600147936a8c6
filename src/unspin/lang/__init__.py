"""Language data for the rule-based analyzers: one subpackage per language (only English so far)."""
