"""The OpenAPI document also states the error answers, so clients (and schemathesis) know every status code."""

from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "additionalProperties": True,
    "description": 'Names the parameter or field at fault, e.g. {"date_after": ["Enter a valid date."]}, '
    'or {"detail": "..."}.',
}
ERRORS = {
    "400": "A parameter or field is malformed or unknown; the body names it.",
    "401": "Writing needs an authenticated user (session or `Authorization: Token ...`).",
    "403": "The user lacks the model permission for this write.",
    "404": "No such record, or a page past the end (the body names `page`).",
    "409": "Conflict: an update sent an out-of-date `version` (someone saved in between), or a deleted record "
    "is still referred to by others (unpublish it instead).",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema with this API's error answers and conditional GET added to every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "404"]
        if self.method in WRITE_METHODS:
            codes += ["401", "403"]
        if self.method in {"PUT", "PATCH", "DELETE"}:
            codes.append("409")
        for code in codes:
            responses.setdefault(
                code, {"description": ERRORS[code], "content": {"application/json": {"schema": ERROR_BODY}}}
            )
        if self.method == "GET":
            responses.setdefault("304", {"description": "Not modified since the ETag or date the client sent."})
        return responses
