"""Error pages in the site's design."""

from django.shortcuts import render


def page_not_found(request, exception):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"exception_message": message}, status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)
