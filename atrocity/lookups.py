"""`field__any=Ids(ids)`: membership in a list of ids bound as one parameter.

`__in` binds one parameter per id. Filtering events by the United Nations and its 700 organs and offices put 700
parameters into each of the four queries of a request (count, estimate, page, links), and compiling them cost
more than running them. On PostgreSQL `= ANY(%s)` binds the list as one array; elsewhere it is a plain IN.
"""

from django.db.models import ForeignKey, Lookup
from django.db.models.fields import BigAutoField


class Ids:
    """Ids for `__any`, held whole.

    Django walks a list or tuple filter value element by element each time a filter is built (to resolve any
    expressions in it): the UN's 700 ids in the four filters of an actor list cost about 2 ms per request. This
    is neither, so it is passed on as it is, and its PostgreSQL array literal is made once.
    """

    __slots__ = ("values", "array")

    def __init__(self, values):
        self.values = tuple(int(value) for value in values)
        # One array literal as text: psycopg adapts a list element by element, in Python (15 ms for 700 ids).
        self.array = "{" + ",".join(map(str, self.values)) + "}"

    def __repr__(self) -> str:
        return f"Ids({list(self.values)})"


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # a list of ids, not one value of the field

    def _ids(self) -> Ids:
        return self.rhs if isinstance(self.rhs, Ids) else Ids(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self._ids().values
        if not values:
            return "1 = 0", list(lhs_params)  # nothing is a member of an empty list
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self._ids().array]


def register() -> None:
    """Make `__any` available on foreign keys and ids (called once, from the app's ready())."""
    ForeignKey.register_lookup(AnyOf)
    BigAutoField.register_lookup(AnyOf)
