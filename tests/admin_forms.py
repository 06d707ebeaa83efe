"""Saving an admin change form as an editor would: every field as the page shows it, but
the ones the editor changes."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    """The (name, value) pairs a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._inside = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("id", "").endswith("_form"):
            self._inside = True
        if not self._inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            self.values.append((name, found.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.values.append((self._select, found.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the line break Django writes after <textarea>.
            self.values.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False


def save_change_form(client, url: str, **changes):
    """GET the change form at `url`, change the fields named in `changes`, and save it."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _FormValues()
    parser.feed(page.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    data["_save"] = ["Save"]
    response = client.post(url, data)
    # The admin answers a refused form with the form again, listing what it refused.
    assert response.status_code == 302, response.context and response.context.get("errors")
    return response
