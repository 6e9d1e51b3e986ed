"""Spreadsheet specs of this stage (found by core.spreadsheets.get_spec): the registry refresh."""
from selection import registry_refresh  # noqa: F401
