"""The static files' storage in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's: hashed names from the manifest, compressed copies beside them. Each
    file's address is computed once per process: the manifest cannot change while a
    process runs, and every page asks for the same few addresses several times."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            address = self._addresses[name] = super().url(name)
            return address
