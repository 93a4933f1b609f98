"""Edge: the web application and its JSON API (``csto serve``; needs the ``web`` extra).

The pages and the API show the record and the state as the core computes them; this
package imports the core, never the reverse. Modules: ``app`` (the application, error
answers, security headers), ``api`` (JSON under ``/api/``), ``openapi`` (its description),
``pages`` (server-rendered HTML), ``site`` (what is loaded once: the history and its
indexes), ``storage`` (the curated record through the event store), ``params`` (request
parameters to domain values), ``problems`` (domain errors to HTTP statuses and RFC 9457
documents), ``search``, ``worldmap`` (the map of members), ``lawview`` (the law layer's
instruments, verdicts, readings and worked cases, arranged for the pages; the ask form),
``geobuild`` (a maintainer's tool that builds the vendored map geometry).
"""
