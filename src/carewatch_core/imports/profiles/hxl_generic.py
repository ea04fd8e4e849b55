"""Any HXL-tagged table: columns are found by their hashtags alone (a hashtag row is required).

The dataset's own ID is ``#event+id`` when present; without one, a row is identified by the
digest of its content, so re-importing the same file changes nothing, but a corrected row
arrives as a new row rather than as a change.
"""

from __future__ import annotations

from carewatch_core.imports.layout import Column
from carewatch_core.imports.profile import Profile, SourceInfo
from carewatch_core.imports.profiles import insecurity_insight as ii

COLUMNS = {name: Column((), column.tags) for name, column in ii.COLUMNS.items()}

PROFILE = Profile(
    name="hxl",
    label="HXL-tagged table",
    source=SourceInfo(
        name="HXL dataset", source_type="dataset", reliability="F", url="", citation=""
    ),
    columns=COLUMNS,
    map_row=ii.map_row,
    id_field="id",
    required=("date",),
    requires_hxl=True,
)
