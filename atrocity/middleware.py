"""Turn an edit conflict that slipped past form validation (a race between two saves) into a 409 page."""

from django.http import HttpResponse

from atrocity.content import EditConflict


class EditConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, EditConflict):
            return HttpResponse(str(exception), status=409, content_type="text/plain; charset=utf-8")
        return None
