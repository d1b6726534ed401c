"""Page-number pagination for every API list: `page` and `page_size` (default 50, at most 1000), strictly checked.

`count` is exact up to 1,000 matching rows and PostgreSQL's estimate above, or when the estimate alone is at least
ten times that; the last page is always exact (`count_exact` says which). An exact count of a million rows would
cost more than the page itself (atrocity/counting.py).
"""

from django.core.paginator import EmptyPage
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from atrocity.counting import EXACT_COUNT_LIMIT, TRUSTED_ESTIMATE_FACTOR, CappedCountPaginator


class StrictPageNumberPagination(PageNumberPagination):
    """Like DRF's, but a malformed or too large page size is a 400 and a page past the end a 404, both named."""

    page_size = 50
    max_page_size = 1000
    page_size_query_param = "page_size"
    django_paginator_class = CappedCountPaginator

    def _whole_number(self, request, name: str, default: int, maximum: int | None = None) -> int:
        raw = request.query_params.get(name, "")
        if raw == "":
            return default
        limit = f" from 1 to {maximum}" if maximum else " of at least 1"
        try:
            number = int(raw)
        except ValueError:
            raise ValidationError({name: [f"Must be a whole number{limit}; got {raw!r}."]}) from None
        if number < 1 or (maximum is not None and number > maximum):
            raise ValidationError({name: [f"Must be a whole number{limit}; got {number}."]})
        return number

    def get_page_size(self, request) -> int:
        return self._whole_number(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        number = self._whole_number(request, self.page_query_param, 1)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise NotFound({"page": [f"Page {number} is past the last page ({paginator.num_pages})."]}) from None
        self.request = request
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_exact": self.page.paginator.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Matching rows: exact up to {EXACT_COUNT_LIMIT:,}, PostgreSQL's estimate above, or when the estimate "
            f"alone is {EXACT_COUNT_LIMIT * TRUSTED_ESTIMATE_FACTOR:,} or more; exact on the last page "
            "(see count_exact)."
        )
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when count is PostgreSQL's estimate (many rows match), true when it is exact.",
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size, "default": self.page_size})
                parameter["description"] = f"Rows per page: 1 to {self.max_page_size}, {self.page_size} by default."
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1, "default": 1})
        return parameters
