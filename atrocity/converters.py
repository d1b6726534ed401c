"""URL converters the apps share."""


class DatabaseIdConverter:
    """A primary key: at most 18 digits, so an absurdly long number is a 404, not a database overflow (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
