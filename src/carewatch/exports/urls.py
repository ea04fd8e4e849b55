"""Open data (public) and staff exports. Each file has its own fixed URL (no parameters in the path)."""

from django.urls import path

from carewatch.exports import views
from carewatch.exports.formats import Format
from carewatch.exports.selectors import PUBLIC_DATASETS

urlpatterns = [path("open-data/", views.open_data, name="open-data")]
for dataset in PUBLIC_DATASETS:
    urlpatterns.append(
        path(
            f"open-data/{dataset}-dictionary.csv",
            views.open_data_dictionary,
            {"dataset": dataset},
            name=f"open-data-{dataset}-dictionary",
        )
    )
    for fmt in Format:
        urlpatterns.append(
            path(
                f"open-data/{dataset}.{fmt.extension}",
                views.open_data_file,
                {"dataset": dataset, "fmt": fmt.value},
                name=f"open-data-{dataset}-{fmt.value}",
            )
        )
for dataset, view in views.STAFF_VIEWS.items():
    for fmt in Format:
        urlpatterns.append(
            path(
                f"exports/{dataset}.{fmt.extension}",
                view,
                {"dataset": dataset, "fmt": fmt.value},
                name=f"export-{dataset}-{fmt.value}",
            )
        )

PUBLIC_URL_NAMES = frozenset(
    p.name for p in urlpatterns if p.name and p.name.startswith("open-data")
)
