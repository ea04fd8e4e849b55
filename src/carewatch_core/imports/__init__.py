"""Reading incident datasets (CSV, XLSX, JSON; HXL-tagged or not) into mapped rows.

Pure Python, streaming: readers yield one row at a time, profiles map a row to the values
of an incident record and list what was wrong with it as reason codes (the Django side turns
codes into messages in the user's language). Nothing here touches a database.
"""

from carewatch_core.imports.errors import FileError, Issue, Severity
from carewatch_core.imports.rows import MappedRow
from carewatch_core.imports.tables import Table, open_table

__all__ = ["FileError", "Issue", "MappedRow", "Severity", "Table", "open_table"]
